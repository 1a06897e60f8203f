import { randomBytes, webcrypto } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { join } from 'node:path'
import * as x509 from '@peculiar/x509'

type CryptoKey = webcrypto.CryptoKey
type CryptoKeyPair = webcrypto.CryptoKeyPair

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
const DAY_MS = 86_400_000

export interface LocalTls {
  caCertPath: string
  cert: string
  key: string
}

/** A certificate the local CA issued, in PEM, and when it expires. */
export interface IssuedCertificate {
  cert: string
  key: string
  notAfter: Date
}

/** Berth's local CA, read (or made) once from its directory, issuing server certificates in memory. */
export interface LocalCa {
  caCertPath: string
  /** A server certificate for `hosts` (DNS names or IP addresses, the first one its CN), ECDSA P-256, valid 397 days. */
  issue(hosts: readonly string[]): Promise<IssuedCertificate>
}

/**
 * A local certificate authority and a server certificate signed by it, kept in
 * `<data dir>/tls`. The CA is made once; the server certificate is remade when
 * it is missing, expires within 30 days, or lacks one of `hosts`. Users trust
 * the CA (`git config http.sslCAInfo <data dir>/tls/ca.crt`).
 */
export async function ensureLocalTls(dir: string, hosts: readonly string[]): Promise<LocalTls> {
  const ca = await openLocalCa(dir)
  const paths = { cert: join(dir, 'server.crt'), key: join(dir, 'server.key') }
  if (!(await serverCertIsFresh(paths.cert, hosts))) {
    const issued = await ca.issue(hosts)
    await writeFile(paths.key, issued.key, { mode: 0o600 })
    await writeFile(paths.cert, issued.cert, { mode: 0o644 })
  }
  return { caCertPath: ca.caCertPath, cert: await readFile(paths.cert, 'utf8'), key: await readFile(paths.key, 'utf8') }
}

/** The local CA in `dir` (`ca.crt`, `ca.key`), made there first if it is missing. */
export async function openLocalCa(dir: string): Promise<LocalCa> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const paths = { caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key') }
  const ca = existsSync(paths.caCert) && existsSync(paths.caKey)
    ? { cert: new x509.X509Certificate(await readFile(paths.caCert, 'utf8')), key: await importKey(await readFile(paths.caKey, 'utf8')) }
    : await createCa(paths.caCert, paths.caKey)
  return { caCertPath: paths.caCert, issue: (hosts) => issueServerCert(ca, hosts) }
}

async function createCa(certPath: string, keyPath: string) {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const now = Date.now()
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: 'CN=Berth local CA', notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 3650 * DAY_MS),
    signingAlgorithm: ALGORITHM, keys: keys as CryptoKeyPair,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as CryptoKey),
    ],
  })
  await writeFile(keyPath, await exportKey(keys.privateKey as CryptoKey), { mode: 0o600 })
  await writeFile(certPath, cert.toString('pem') + '\n', { mode: 0o644 })
  return { cert, key: keys.privateKey as CryptoKey }
}

async function issueServerCert(ca: { cert: x509.X509Certificate; key: CryptoKey }, hosts: readonly string[]): Promise<IssuedCertificate> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const now = Date.now()
  const notAfter = new Date(now + 397 * DAY_MS)
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: `CN=${hosts[0] ?? 'localhost'}`, issuer: ca.cert.subject,
    notBefore: new Date(now - DAY_MS), notAfter,
    signingAlgorithm: ALGORITHM, publicKey: keys.publicKey as CryptoKey, signingKey: ca.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map((host) => ({ type: isIP(host) ? 'ip' : 'dns', value: host }))),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  })
  return { cert: cert.toString('pem') + '\n', key: await exportKey(keys.privateKey as CryptoKey), notAfter }
}

async function serverCertIsFresh(path: string, hosts: readonly string[]): Promise<boolean> {
  if (!existsSync(path)) return false
  const cert = new x509.X509Certificate(await readFile(path, 'utf8'))
  if (cert.notAfter.getTime() - Date.now() < 30 * DAY_MS) return false
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension)
  const names = new Set(san?.names.items.map((n) => n.value) ?? [])
  return hosts.every((host) => names.has(host))
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key))
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')
  return webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']) as Promise<CryptoKey>
}

function serial(): string {
  return '01' + randomBytes(15).toString('hex')
}
