import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { planInitialReleases } from '../core/releases/plan-initial-releases.js'
import type { LogLine } from '../logs/log-sink.js'
import { SecretBox } from '../store/secret-box.js'
import { SqliteStore } from '../store/sqlite/sqlite-store.js'
import { AcmManager } from './acm-manager.js'

/** The manager's decisions on a real store, with an ACME server stand-in that issues or refuses on cue. */
describe('AcmManager', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-acm-'))
  let store: SqliteStore
  let appId: string
  const lines: LogLine[] = []
  let refuse: string | null = null
  const ordered: string[] = []
  let changed = 0
  const day = 86_400_000
  const manager = (retryBaseMs = 60_000) => new AcmManager({
    store, logs: { write: (line) => void lines.push(line) }, certificates: { changed: () => void changed++ }, onError: (error) => { throw error }, retryBaseMs,
    orders: {
      order: async (hostname) => {
        ordered.push(hostname)
        if (refuse) throw new Error(refuse)
        return { chain: `chain-for-${hostname}`, key: 'key', expiresAt: new Date(Date.now() + 90 * day) }
      },
    },
  })
  const domainNamed = async (hostname: string) => (await store.listDomains(appId)).find((d) => d.hostname === hostname)!

  before(async () => {
    store = await SqliteStore.open(join(dir, 'berth.db'), { box: new SecretBox(randomBytes(32)) })
    const owner = await store.createAccount({ email: 'acm@example.com', name: null, passwordHash: null, isAdmin: false })
    appId = (await store.createApp({ name: 'acm-app', ownerId: owner.id, stack: 'berth-24', region: 'us' }, planInitialReleases({ id: owner.id, email: owner.email }))).id
  })
  beforeEach(() => {
    refuse = null
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('orders each domain of an app with ACM on, serves what was issued, and says so in the app\'s log', async () => {
    await store.addDomain(appId, 'www.acm.example')
    await manager().runOnce()
    assert.deepEqual(ordered, [], 'nothing while ACM is off')
    await store.setAppAcm(appId, true)
    await manager().runOnce()
    assert.deepEqual(ordered, ['www.acm.example'])
    assert.equal((await domainNamed('www.acm.example')).acm.status, 'cert issued')
    assert.equal(changed, 1)
    assert.deepEqual((await store.hostCertificates()).map((c) => [c.hostname, c.chain]), [['www.acm.example', 'chain-for-www.acm.example']])
    assert.match(lines.at(-1)!.message, /^ACM: issued the certificate for www\.acm\.example, valid until \d{4}-/)
    await manager().runOnce()
    assert.equal(ordered.length, 1, 'an issued certificate far from expiry is left alone')
  })

  it('keeps the reason of a failing order and tries again later, doubling the wait, until it gives up', async () => {
    await store.addDomain(appId, 'shop.acm.example')
    await store.markAcmPending((await domainNamed('shop.acm.example')).id)
    refuse = 'urn:ietf:params:acme:error:connection: Connection refused'
    const retrying = manager(1)
    for (let attempt = 1; attempt <= 8; attempt++) {
      const before = Date.now()
      await retrying.runOnce()
      const after = Date.now()
      const domain = await domainNamed('shop.acm.example')
      assert.equal(domain.acm.attempts, attempt)
      assert.equal(domain.acm.reason, 'urn:ietf:params:acme:error:connection: Connection refused')
      if (attempt < 8) {
        assert.equal(domain.acm.status, 'failing')
        // The wait was counted from some moment inside runOnce: bounded by the clock before and after it, whatever the machine's load.
        const wait = 2 ** (attempt - 1)
        const next = domain.acm.nextAttemptAt!.getTime()
        assert.ok(next - after <= wait && wait <= next - before, `attempt ${attempt} waits ${wait} ms: next try ${next - before} ms after the start`)
        await new Promise((resolve) => setTimeout(resolve, next - Date.now() + 5))
      } else {
        assert.equal(domain.acm.status, 'failed')
        assert.equal(domain.acm.nextAttemptAt, null)
      }
    }
    assert.match(lines.at(-1)!.message, /after 8 attempts: .*Run certs:auto:refresh to try again\./)
    const tried = ordered.length
    await retrying.runOnce()
    assert.equal(ordered.length, tried, 'a failed domain waits for a refresh')
    refuse = null
    await store.markAcmPending((await domainNamed('shop.acm.example')).id)
    await retrying.runOnce()
    assert.equal((await domainNamed('shop.acm.example')).acm.status, 'cert issued')
  })

  it('renews a certificate within 30 days of its expiry, and never orders a wildcard over HTTP-01', async () => {
    const www = await domainNamed('www.acm.example')
    await store.recordAcm(www.id, { kind: 'issued', chain: 'old', key: 'k', expiresAt: new Date(Date.now() + 10 * day) }, 0)
    await store.addDomain(appId, '*.wild.acm.example')
    await store.markAcmPending((await domainNamed('*.wild.acm.example')).id)
    ordered.length = 0
    await manager().runOnce()
    assert.deepEqual(ordered, ['www.acm.example'])
    assert.match(lines.find((l) => l.message.startsWith('ACM: renewed'))!.message, /renewed the certificate for www\.acm\.example/)
    const wild = await domainNamed('*.wild.acm.example')
    assert.equal(wild.acm.status, 'failed')
    assert.match(wild.acm.reason!, /wildcard domain cannot be validated over HTTP-01/)
  })
})
