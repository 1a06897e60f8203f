import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { planInitialReleases } from '../../src/core/releases/plan-initial-releases.js'
import { OutboundGuard } from '../../src/outbound/outbound-guard.js'
import { SecretBox } from '../../src/store/secret-box.js'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher.js'
import { WebhookPublisher } from '../../src/webhooks/webhook-publisher.js'
import { countingListener, type CountingListener } from '../support/counting-listener.js'
import { startTestServer, type TestServer } from '../support/test-server.js'
import { waitFor } from '../support/wait-for.js'

// Webhooks are outgoing requests a tenant points anywhere, like log drains: without
// BERTH_OUTBOUND_ALLOW, a URL whose host is, or resolves to, an internal address is refused with
// 422, on create and on update, and nothing ever connects to it.
describe('webhooks to internal addresses', () => {
  let server: TestServer
  let internal: CountingListener
  let port: number
  before(async () => {
    internal = await countingListener()
    port = internal.port
    server = await startTestServer()
    await server.request('POST', '/apps', { body: { name: 'hooker' } })
  })
  after(async () => {
    await server.close()
    internal.close()
  })

  const add = (url: string) => server.request('POST', '/apps/hooker/webhooks', { body: { url, include: ['api:release'], level: 'sync' } })

  it('refuses every internal address, literal or resolved, with 422 naming what it is', async () => {
    const targets: [string, RegExp][] = [
      [`https://127.0.0.1:${port}/hooks`, /127\.0\.0\.1 is a loopback address/],
      [`http://127.0.0.1:${port}/hooks`, /loopback/],
      ['https://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
      ['https://10.0.0.8/', /private/], ['https://172.16.5.4/', /private/], ['http://192.168.1.1/', /private/],
      ['https://100.64.0.1/', /shared/], ['https://0.0.0.0/', /unspecified/], ['https://224.0.0.1/', /multicast/],
      [`https://[::1]:${port}/`, /::1 is a loopback address/], ['https://[fe80::1]/', /link-local/], ['https://[fd00::1]/', /unique-local/],
      ['https://[::ffff:127.0.0.1]/', /loopback/], ['https://[64:ff9b::a9fe:a9fe]/', /link-local/],
      // Names the system resolver turns into 127.0.0.1.
      [`https://localhost:${port}/`, /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
      [`https://0x7f.1:${port}/`, /loopback/],
      [`https://2130706433:${port}/`, /loopback/],
    ]
    for (const [url, pattern] of targets) {
      const response = await add(url)
      assert.deepEqual([response.status, response.body.id], [422, 'invalid_params'], `${url}: ${JSON.stringify(response.body)}`)
      assert.match(response.body.message, /^Webhooks cannot point at internal addresses: /, url)
      assert.match(response.body.message, pattern, url)
    }
    assert.deepEqual((await server.request('GET', '/apps/hooker/webhooks')).body, [])
  })

  it('refuses an update to an internal address and keeps the old URL', async () => {
    const added = await add('https://hooks.berth-security-test.invalid/in')
    assert.equal(added.status, 201, JSON.stringify(added.body))
    const moved = await server.request('PATCH', `/apps/hooker/webhooks/${added.body.id}`, { body: { url: `https://127.0.0.1:${port}/` } })
    assert.deepEqual([moved.status, moved.body.id], [422, 'invalid_params'])
    assert.equal((await server.request('GET', `/apps/hooker/webhooks/${added.body.id}`)).body.url, 'https://hooks.berth-security-test.invalid/in')
  })

  it('never connects to a name that resolves to an internal address only at delivery (DNS rebinding)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-webhook-rebind-'))
    const store = await SqliteStore.open(join(dir, 'berth.db'), { box: new SecretBox(randomBytes(32)) })
    try {
      const owner = await store.createAccount({ email: 'rebind@example.com', name: null, passwordHash: null, isAdmin: false })
      const app = await store.createApp({ name: 'rebind', ownerId: owner.id, stack: 'berth-24', region: 'us' }, planInitialReleases({ id: owner.id, email: owner.email }))
      // Accepted while the name looked public; by delivery time it answers with loopback.
      await store.createWebhook(app.id, { url: `https://hooks.rebind.test:${port}/in`, include: ['api:app'], level: 'notify', secret: 's', authorization: null })
      const publisher = new WebhookPublisher({
        store, urls: { apiUrl: 'http://127.0.0.1:1', domain: 'localhost', routerPort: 1 }, newId: randomUUID, now: () => new Date(),
        onQueued: () => dispatcher.wake(), onError: (error) => assert.fail(String(error)),
      })
      const dispatcher = new WebhookDispatcher({
        store, outbound: new OutboundGuard({ allow: [], resolve: async () => [{ address: '127.0.0.1', family: 4 }] }),
        retryStepMs: 10, userAgent: 'test', onError: (error) => assert.fail(String(error)),
      })
      publisher.publishChange(app.id, 'update', { entity: 'api:app', app })
      const [delivery] = await waitFor(async () => {
        const list = await store.listWebhookDeliveries(app.id)
        return list[0]?.status === 'failed' ? list : null
      }, { what: 'the delivery to be refused' })
      dispatcher.stop()
      assert.deepEqual([delivery!.numAttempts, delivery!.lastAttempt?.errorClass, delivery!.lastAttempt?.code], [1, 'OutboundRefused', null])
      assert.equal(internal.connections(), 0, 'Berth connected to the internal receiver')
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
