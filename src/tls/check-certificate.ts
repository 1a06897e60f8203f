import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'
import type { CertificateFacts, CheckedCertificate } from '../core/certs/checked-certificate.js'
import { PlatformError } from '../core/errors/platform-error.js'

// Far more than any real chain or key: a refusal, not an allocation, for anything bigger.
const MAX_CHAIN_BYTES = 64 * 1024
const MAX_KEY_BYTES = 16 * 1024
const MAX_CHAIN_LENGTH = 8
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+?-----END CERTIFICATE-----/g

const invalid = (message: string) => new PlatformError('invalid_params', message)

/**
 * Checks a certificate chain (PEM, leaf first) and its private key, as `certs:add` sends them: both
 * parse, the key is the leaf's, each certificate is issued and signed by the next, the leaf is not
 * self-signed and is valid now. Whether the last one chains to a trusted root is reported, not required.
 */
export function checkCertificate(chainInput: unknown, keyInput: unknown, options: { now: Date; roots: readonly X509Certificate[] }): CheckedCertificate {
  if (typeof chainInput !== 'string' || chainInput.trim() === '') throw invalid('certificate_chain must be the certificate in PEM format, leaf first.')
  if (typeof keyInput !== 'string' || keyInput.trim() === '') throw invalid('private_key must be the certificate\'s private key in PEM format.')
  if (Buffer.byteLength(chainInput) > MAX_CHAIN_BYTES) throw invalid(`certificate_chain is larger than ${MAX_CHAIN_BYTES / 1024} KB.`)
  if (Buffer.byteLength(keyInput) > MAX_KEY_BYTES) throw invalid(`private_key is larger than ${MAX_KEY_BYTES / 1024} KB.`)
  const blocks = chainInput.match(PEM_CERTIFICATE) ?? []
  if (blocks.length === 0) throw invalid('certificate_chain holds no PEM certificate (-----BEGIN CERTIFICATE-----).')
  if (blocks.length > MAX_CHAIN_LENGTH) throw invalid(`certificate_chain holds more than ${MAX_CHAIN_LENGTH} certificates.`)
  const chain = blocks.map((block, index) => {
    try {
      return new X509Certificate(block)
    } catch {
      throw invalid(`Certificate ${index + 1} of certificate_chain is not a valid PEM certificate.`)
    }
  })
  const key = parseKey(keyInput)
  const leaf = chain[0]!
  if (!leaf.checkPrivateKey(key)) throw invalid('private_key does not match the certificate: it is the key of another certificate.')
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!chain[i]!.checkIssued(chain[i + 1]!) || !chain[i]!.verify(chain[i + 1]!.publicKey)) {
      throw invalid(`Certificate ${i + 1} of certificate_chain is not issued by certificate ${i + 2}: put the chain in order, leaf first.`)
    }
  }
  if (isSelfSigned(leaf)) throw invalid('The certificate is self-signed: a certificate signed by a certificate authority is needed (add the intermediate certificates after it).')
  const startsAt = new Date(leaf.validFrom)
  const expiresAt = new Date(leaf.validTo)
  if (expiresAt.getTime() <= options.now.getTime()) throw invalid(`The certificate expired on ${expiresAt.toISOString()}.`)
  if (startsAt.getTime() > options.now.getTime()) throw invalid(`The certificate is not valid before ${startsAt.toISOString()}.`)
  const facts = describeChain(chain, options.roots)
  if (facts.domains.length === 0) throw invalid('The certificate names no domain (no DNS name in subjectAltName, no CN).')
  return {
    chain: chain.map((cert) => cert.toString().trim()).join('\n') + '\n',
    key: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ...facts,
  }
}

/** What a stored chain's leaf says: its names, subject, issuer, validity, and whether it ends at a trusted root. */
export function describeCertificate(chainPem: string, roots: readonly X509Certificate[]): CertificateFacts {
  return describeChain((chainPem.match(PEM_CERTIFICATE) ?? []).map((block) => new X509Certificate(block)), roots)
}

function describeChain(chain: readonly X509Certificate[], roots: readonly X509Certificate[]): CertificateFacts {
  const leaf = chain[0]!
  const last = chain.at(-1)!
  const caSigned = roots.some((root) => root.fingerprint256 === last.fingerprint256 || (last.checkIssued(root) && last.verify(root.publicKey)))
  return {
    domains: certificateDomains(leaf), subject: distinguishedName(leaf.subject), issuer: distinguishedName(leaf.issuer),
    startsAt: new Date(leaf.validFrom), expiresAt: new Date(leaf.validTo), caSigned,
  }
}

function parseKey(pem: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem' })
  } catch {
    throw invalid('private_key is not a PEM private key Berth can read (an encrypted key must be decrypted first: openssl pkey -in key.pem).')
  }
}

function isSelfSigned(cert: X509Certificate): boolean {
  return cert.checkIssued(cert) && cert.verify(cert.publicKey)
}

/** The DNS names of a certificate's subjectAltName, or its CN when it has none, lower-cased. */
export function certificateDomains(cert: X509Certificate): string[] {
  const names = (cert.subjectAltName ?? '').split(', ').filter((entry) => entry.startsWith('DNS:')).map((entry) => entry.slice(4).toLowerCase())
  if (names.length > 0) return [...new Set(names)]
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1]
  return cn ? [cn.toLowerCase()] : []
}

// Heroku shows distinguished names OpenSSL's old way: /C=US/O=Example/CN=www.example.com.
function distinguishedName(text: string): string {
  return text.split('\n').filter(Boolean).map((part) => `/${part}`).join('')
}
