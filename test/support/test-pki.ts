import { randomBytes, webcrypto } from 'node:crypto'
import { isIP } from 'node:net'
import * as x509 from '@peculiar/x509'

type CryptoKey = webcrypto.CryptoKey
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
const DAY_MS = 86_400_000

/** A certificate and its key, in PEM. */
export interface Issued {
  cert: string
  key: string
}

export interface TestCa extends Issued {
  name: string
  /** Signs a certificate for `names` (DNS names or IP addresses), valid from `notBefore` to `notAfter` (default: yesterday to in 90 days). */
  issue(names: string[], options?: { notBefore?: Date; notAfter?: Date; ca?: boolean }): Promise<Issued & { ca?: TestCa }>
}

async function pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key)).toString('base64')
  return `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`
}

const serial = () => '01' + randomBytes(15).toString('hex')

function caOf(name: string, cert: x509.X509Certificate, key: CryptoKey, keyPem: string): TestCa {
  return {
    name, cert: cert.toString('pem') + '\n', key: keyPem,
    async issue(names, options = {}) {
      const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair
      const now = Date.now()
      const issued = await x509.X509CertificateGenerator.create({
        serialNumber: serial(), subject: `CN=${names[0]}`, issuer: cert.subject,
        notBefore: options.notBefore ?? new Date(now - DAY_MS), notAfter: options.notAfter ?? new Date(now + 90 * DAY_MS),
        signingAlgorithm: ALGORITHM, publicKey: keys.publicKey, signingKey: key,
        extensions: options.ca
          ? [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)]
          : [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
            new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: isIP(value) ? 'ip' as const : 'dns' as const, value }))),
          ],
      })
      const keyPem = await pem(keys.privateKey)
      return { cert: issued.toString('pem') + '\n', key: keyPem, ...(options.ca ? { ca: caOf(names[0]!, issued, keys.privateKey, keyPem) } : {}) }
    },
  }
}

/** A certificate authority of the test's own (self-signed root). */
export async function testCa(name = 'Berth test CA'): Promise<TestCa> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair
  const now = Date.now()
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: `CN=${name}`, notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 3650 * DAY_MS),
    signingAlgorithm: ALGORITHM, keys,
    extensions: [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  })
  return caOf(name, cert, keys.privateKey, await pem(keys.privateKey))
}

/** A self-signed certificate for `names`, as `openssl req -x509` makes. */
export async function selfSigned(names: string[]): Promise<Issued> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: `CN=${names[0]}`, notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + 90 * DAY_MS),
    signingAlgorithm: ALGORITHM, keys,
    extensions: [new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value })))],
  })
  return { cert: cert.toString('pem') + '\n', key: await pem(keys.privateKey) }
}
