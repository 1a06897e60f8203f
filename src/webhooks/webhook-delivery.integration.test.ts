import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from '../../test/support/test-server.js'
import { waitFor } from '../../test/support/wait-for.js'
import { webhookReceiver, type ReceivedHook } from '../../test/support/webhook-receiver.js'

for (const store of ['sqlite', 'postgres'] as const) {
  describe(`webhook delivery to an HTTPS receiver (${store})`, () => {
    let server: TestServer
    let receiver: Awaited<ReturnType<typeof webhookReceiver>>
    // The first attempt of each delivery fails with a 500; the retry succeeds.
    const seen = new Set<string>()
    before(async () => {
      receiver = await webhookReceiver({
        status: (hook) => {
          const delivery = String(hook.headers['heroku-webhook-id'])
          if (seen.has(delivery)) return 200
          seen.add(delivery)
          return 500
        },
      })
      await receiver.listen()
      server = await startTestServer({
        store,
        env: { BERTH_OUTBOUND_ALLOW: '127.0.0.1/32', BERTH_WEBHOOK_CA_FILE: receiver.caFile, BERTH_WEBHOOK_RETRY_MS: '20' },
      })
      assert.equal((await server.request('POST', '/apps', { body: { name: 'hooked' } })).status, 201)
    })
    after(async () => {
      await server.close()
      await receiver.stop()
    })

    it('signs each delivery with the secret, retries after a 500, and records every attempt', async () => {
      const created = await server.request('POST', '/apps/hooked/webhooks', {
        body: { url: receiver.url, include: ['api:release'], level: 'sync', secret: 'the-secret', authorization: 'Bearer for-the-receiver' },
      })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      assert.equal(created.headers.get('heroku-webhook-secret'), null, 'a secret the caller chose is not echoed')
      assert.equal(created.body.secret, undefined)
      assert.equal(created.body.authorization, undefined)
      assert.equal((await server.request('PATCH', '/apps/hooked/config-vars', { body: { FOO: 'bar' } })).status, 200)

      const delivered = (hook: ReceivedHook) => hook.body.resource === 'release' && hook.body.action === 'update'
      await waitFor(() => receiver.received.filter(delivered).length >= 2, { what: 'the release update delivered twice (500, then 200)' })
      for (const hook of receiver.received) {
        const expected = createHmac('sha256', 'the-secret').update(hook.raw).digest('base64')
        assert.equal(hook.headers['heroku-webhook-hmac-sha256'], expected, 'signature')
        assert.equal(hook.headers.authorization, 'Bearer for-the-receiver')
        assert.match(String(hook.headers['user-agent']), /^Berth-Webhooks\//)
        assert.ok(!hook.raw.includes('the-secret'))
      }
      const update = receiver.received.find(delivered)!
      assert.deepEqual([update.body.data.version, update.body.data.description, update.body.data.status, update.body.data.app.name], [3, 'Set FOO config vars', 'succeeded', 'hooked'])
      assert.equal(update.body.actor.email, 'admin@example.com')
      // Heroku compat: an update says what each changed field was before.
      assert.deepEqual(update.body.previous_data, { status: 'pending', current: false, eligible_for_rollback: false })
      assert.equal(update.body.webhook_metadata.event.include, 'api:release')
      assert.ok(!update.raw.includes('"bar"'), 'config values never leave in events')

      const deliveries = await waitFor(async () => {
        const list = (await server.request('GET', '/apps/hooked/webhook-deliveries')).body as any[]
        return list.length === 2 && list.every((d) => d.status === 'succeeded') ? list : null
      }, { what: 'both deliveries to succeed' })
      for (const delivery of deliveries) {
        assert.deepEqual([delivery.num_attempts, delivery.last_attempt.code, delivery.last_attempt.status, delivery.next_attempt_at, delivery.webhook.level],
          [2, 200, 'succeeded', null, 'sync'])
      }
      // Heroku compat: the CLI pages both lists with Range; one at a time, newest first, says where the next page starts.
      for (const path of ['/apps/hooked/webhook-deliveries', '/apps/hooked/webhook-events']) {
        const page = await server.request('GET', path, { headers: { Range: 'created_at ..; order=desc,max=1' } })
        assert.equal(page.status, 206, path)
        assert.equal((page.body as any[]).length, 1, path)
        assert.match(String(page.headers.get('next-range')), /^\]?created_at /, path)
      }
      const events = (await server.request('GET', '/apps/hooked/webhook-events')).body as any[]
      assert.deepEqual(events.map((e) => `${e.include} ${e.payload.action}`), ['api:release create', 'api:release update'])
      const info = await server.request('GET', `/apps/hooked/webhook-deliveries/${deliveries[0].id}`)
      assert.equal(info.body.event.id, events[0].id)
      const failed = await server.request('GET', '/apps/hooked/webhook-deliveries?eq[status]=failed')
      assert.deepEqual(failed.body, [])
    })

    it('refuses a stranger as if the app did not exist, and bad input with 422', async () => {
      const stranger = await server.createUser(`stranger-${store}@example.com`, 'a long password 123')
      for (const path of ['/apps/hooked/webhooks', '/apps/hooked/webhook-deliveries', '/apps/hooked/webhook-events']) {
        const response = await server.request('GET', path, { token: stranger })
        assert.deepEqual([response.status, response.body.id, response.body.resource], [404, 'not_found', 'app'], path)
      }
      const bad = await server.request('POST', '/apps/hooked/webhooks', { body: { url: receiver.url, include: ['api:nope'], level: 'sync' } })
      assert.deepEqual([bad.status, bad.body.id], [422, 'invalid_params'])
      const missing = await server.request('GET', '/apps/hooked/webhooks/00000000-0000-0000-0000-000000000000')
      assert.deepEqual([missing.status, missing.body.id], [404, 'not_found'])
    })
  })
}
