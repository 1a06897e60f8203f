import { X509Certificate } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'

// Debian's bundle: Mozilla's roots plus those the operator added (update-ca-certificates).
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/** The certificate authorities this machine trusts: Node's bundled roots and the system bundle. */
export function trustedRoots(bundle = SYSTEM_BUNDLE): X509Certificate[] {
  const pems = [...rootCertificates, ...(existsSync(bundle) ? readFileSync(bundle, 'utf8').match(PEM_CERTIFICATE) ?? [] : [])]
  const roots = new Map<string, X509Certificate>()
  for (const pem of pems) {
    try {
      const cert = new X509Certificate(pem)
      roots.set(cert.fingerprint256, cert)
    } catch {
      // A certificate Node cannot read trusts nothing.
    }
  }
  return [...roots.values()]
}

/**
 * The CAs a client of Berth's trusts when the operator names a file of extra ones (an internal CA for
 * drains or webhooks): Node's bundled roots and the file's certificates, so public receivers still verify.
 * Undefined without a file: Node's default.
 */
export function rootsWith(extraCaFile: string | null): string[] | undefined {
  return extraCaFile ? [...rootCertificates, readFileSync(extraCaFile, 'utf8')] : undefined
}
