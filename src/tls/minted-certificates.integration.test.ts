import assert from 'node:assert/strict'
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import type { ServedCertificate } from '../router/certificate-source.js'
import { openLocalCa, type LocalCa } from './local-ca.js'
import { MintedCertificates } from './minted-certificates.js'

describe('certificates minted by the local CA for app names (development)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-minted-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const apps = new Set(['demo.localhost', 'other.localhost', 'third.localhost'])
  const routed = (hostname: string) => apps.has(hostname)

  /** The local CA, counting what it issues. */
  async function countingCa(): Promise<{ ca: LocalCa; issued: string[] }> {
    const ca = await openLocalCa(dir)
    const issued: string[] = []
    return { issued, ca: { ...ca, issue: (hosts) => { issued.push(...hosts); return ca.issue(hosts) } } }
  }

  it("mints, once, a certificate for <app>.<domain> that validates against the CA in <data dir>/tls", async () => {
    const { ca, issued } = await countingCa()
    const minted = new MintedCertificates({ ca, domain: 'localhost', routed })
    const [first, second] = await Promise.all([minted.certificateFor('demo.localhost'), minted.certificateFor('demo.localhost')])
    assert.equal(first, second, 'handshakes that arrive together wait for one certificate')
    const served = minted.certificateFor('demo.localhost') as ServedCertificate
    assert.equal(served, first, 'later handshakes get it at once, without waiting')
    assert.deepEqual(issued, ['demo.localhost'])

    const leaf = new X509Certificate(served.cert)
    const root = new X509Certificate(readFileSync(join(dir, 'ca.crt')))
    assert.equal(leaf.checkIssued(root), true)
    assert.equal(leaf.verify(root.publicKey), true)
    assert.equal(leaf.checkHost('demo.localhost'), 'demo.localhost')
    assert.equal(leaf.checkHost('other.localhost'), undefined)
    assert.equal(leaf.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1')
    assert.equal(leaf.checkPrivateKey(createPrivateKey(served.key)), true)
  })

  it('refuses to mint for any other name: deeper, the domain itself, elsewhere, or an app that does not exist', async () => {
    const { ca, issued } = await countingCa()
    const minted = new MintedCertificates({ ca, domain: 'localhost', routed: () => true })
    for (const name of ['a.demo.localhost', 'localhost', 'demo.example.com', 'demo.localhost.example.com', '-bad.localhost', '.localhost', 'demo_x.localhost']) {
      assert.equal(minted.certificateFor(name), null, name)
    }
    assert.equal(new MintedCertificates({ ca, domain: 'localhost', routed }).certificateFor('ghost.localhost'), null, 'no app answers there')
    assert.deepEqual(issued, [])
  })

  it('keeps only so many certificates, and mints anew when one nears its end', async () => {
    const { ca, issued } = await countingCa()
    let now = Date.now()
    const minted = new MintedCertificates({ ca, domain: 'localhost', routed, maxCertificates: 2, now: () => now })
    const demo = await minted.certificateFor('demo.localhost')
    await minted.certificateFor('other.localhost')
    await minted.certificateFor('demo.localhost')
    await minted.certificateFor('third.localhost')
    assert.deepEqual(issued, ['demo.localhost', 'other.localhost', 'third.localhost'], 'the least recently used (other) made room')
    assert.equal(await minted.certificateFor('demo.localhost'), demo)
    const other = await minted.certificateFor('other.localhost')
    assert.equal(issued.length, 4)

    now += 380 * 86_400_000
    const renewed = await minted.certificateFor('other.localhost')
    assert.equal(issued.length, 5, 'a certificate within 30 days of its end is made again')
    assert.notEqual(renewed?.version, other?.version, 'under a new version, so the router makes a new context')
  })

  it('tries again at the next handshake when minting failed', async () => {
    const real = await openLocalCa(dir)
    let failures = 1
    const minted = new MintedCertificates({
      domain: 'localhost', routed,
      ca: { issue: (hosts) => failures-- > 0 ? Promise.reject(new Error('no entropy')) : real.issue(hosts) },
    })
    await assert.rejects(Promise.resolve(minted.certificateFor('demo.localhost')), /no entropy/)
    assert.ok(await minted.certificateFor('demo.localhost'))
  })
})
