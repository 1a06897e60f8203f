import assert from 'node:assert/strict'
import { X509Certificate } from 'node:crypto'
import { before, describe, it } from 'node:test'
import { selfSigned, testCa, type Issued, type TestCa } from '../../test/support/test-pki.js'
import { certificateCovers } from '../core/certs/checked-certificate.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { checkCertificate } from './check-certificate.js'

const refused = (pattern: RegExp) => (error: unknown) => error instanceof PlatformError && error.id === 'invalid_params' && pattern.test(error.message)

describe('checkCertificate', () => {
  let root: TestCa
  let intermediate: TestCa
  let leaf: Issued
  const now = new Date()
  const check = (chain: unknown, key: unknown, roots = [new X509Certificate(root.cert)]) => checkCertificate(chain, key, { now, roots })

  before(async () => {
    root = await testCa()
    intermediate = (await root.issue(['Berth test intermediate'], { ca: true })).ca!
    leaf = await intermediate.issue(['www.example.com', 'Example.com'])
  })

  it('reads the domains, names and dates of a chain that ends at a trusted root, and keeps only the certificates', () => {
    const checked = check(`some text before\n${leaf.cert}${intermediate.cert}`, leaf.key)
    assert.deepEqual(checked.domains, ['www.example.com', 'example.com'])
    assert.equal(checked.subject, '/CN=www.example.com')
    assert.equal(checked.issuer, '/CN=Berth test intermediate')
    assert.equal(checked.caSigned, true)
    assert.ok(checked.expiresAt > now && checked.startsAt < now)
    assert.equal(checked.chain.match(/BEGIN CERTIFICATE/g)?.length, 2)
    assert.doesNotMatch(checked.chain, /some text/)
    assert.match(checked.key, /^-----BEGIN PRIVATE KEY-----/)
  })

  it('accepts a chain no trusted root signed, and says so', () => {
    assert.equal(check(leaf.cert + intermediate.cert, leaf.key, []).caSigned, false)
  })

  it('refuses a key that is not the certificate\'s, and one that is not a key', async () => {
    const other = await intermediate.issue(['www.example.com'])
    assert.throws(() => check(leaf.cert + intermediate.cert, other.key), refused(/private_key does not match the certificate/))
    assert.throws(() => check(leaf.cert, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), refused(/private_key is not a PEM private key/))
    assert.throws(() => check(leaf.cert, ''), refused(/private_key must be/))
  })

  it('refuses an expired certificate, and one not valid yet', async () => {
    const day = 86_400_000
    const expired = await intermediate.issue(['old.example.com'], { notBefore: new Date(Date.now() - 100 * day), notAfter: new Date(Date.now() - day) })
    assert.throws(() => check(expired.cert + intermediate.cert, expired.key), refused(/The certificate expired on/))
    const future = await intermediate.issue(['new.example.com'], { notBefore: new Date(Date.now() + day), notAfter: new Date(Date.now() + 100 * day) })
    assert.throws(() => check(future.cert + intermediate.cert, future.key), refused(/not valid before/))
  })

  it('refuses a self-signed certificate, and a chain out of order', async () => {
    const own = await selfSigned(['www.example.com'])
    assert.throws(() => check(own.cert, own.key), refused(/self-signed/))
    assert.throws(() => check(leaf.cert + root.cert, leaf.key), refused(/Certificate 1 of certificate_chain is not issued by certificate 2/))
    assert.throws(() => check(intermediate.cert + leaf.cert, leaf.key), refused(/does not match|not issued by/))
  })

  it('refuses what is not PEM, broken PEM, and sizes no certificate has', () => {
    assert.throws(() => check('hello', leaf.key), refused(/holds no PEM certificate/))
    assert.throws(() => check(leaf.cert.replace(/[A-Za-z]{8}\n/, 'AAAAAAAA\n'), leaf.key), refused(/Certificate 1 of certificate_chain is not a valid PEM certificate|does not match/))
    assert.throws(() => check(42, leaf.key), refused(/certificate_chain must be/))
    assert.throws(() => check(leaf.cert + ' '.repeat(70_000), leaf.key), refused(/larger than 64 KB/))
    assert.throws(() => check(leaf.cert.repeat(9), leaf.key), refused(/more than 8 certificates/))
  })
})

describe('certificateCovers', () => {
  it('matches exact names and a wildcard over exactly one label', () => {
    const domains = ['example.com', '*.example.com']
    for (const host of ['example.com', 'WWW.example.com', 'api.example.com']) assert.equal(certificateCovers(domains, host), true, host)
    for (const host of ['a.b.example.com', 'example.org', 'badexample.com', '.example.com']) assert.equal(certificateCovers(domains, host), false, host)
  })
})
