import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { waitFor } from '../support/wait-for.js'
import { webhookReceiver } from '../support/webhook-receiver.js'

const KEY = 'berth_e2e_webhooks_restart_key_0123456789'

/**
 * Deliveries are queued in the store: events published while the receiver is down, by a server
 * then killed with SIGKILL, are delivered by the next server once the receiver is back.
 */
describe('webhook deliveries survive kill -9 of the server', () => {
  let berth: BerthProcess
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>
  const env = () => ({ BERTH_ADMIN_API_KEY: KEY, BERTH_OUTBOUND_ALLOW: '127.0.0.1/32', BERTH_WEBHOOK_CA_FILE: receiver.caFile, BERTH_WEBHOOK_RETRY_MS: '100' })
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(berth.apiUrl + path, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { Authorization: `Bearer ${KEY}`, Accept: 'application/vnd.heroku+json; version=3', 'Content-Type': 'application/json' },
    })
    return { status: response.status, body: await response.json() as any }
  }

  before(async () => {
    receiver = await webhookReceiver()
    berth = await startBerthProcess(env())
  })
  after(async () => {
    await berth?.stop()
    await receiver?.stop()
  })

  it('delivers what was queued before the kill once the receiver is up', async () => {
    assert.equal((await api('POST', '/apps', { name: 'survivor' })).status, 201)
    const hook = await api('POST', '/apps/survivor/webhooks', { url: receiver.url, include: ['api:release', 'api:app'], level: 'sync', secret: 'kept-secret' })
    assert.equal(hook.status, 201, JSON.stringify(hook.body))
    // The receiver is down: each change queues deliveries that fail and wait for a retry.
    for (const value of ['1', '2', '3']) assert.equal((await api('PATCH', '/apps/survivor/config-vars', { N: value })).status, 200)
    assert.equal((await api('PATCH', '/apps/survivor', { maintenance: true })).status, 200)
    const queued = await waitFor(async () => {
      const list = (await api('GET', '/apps/survivor/webhook-deliveries')).body as any[]
      return list.length === 7 && list.some((d) => d.status === 'retrying') ? list : null
    }, { what: 'seven deliveries queued, some already retried' })
    assert.ok(queued.every((d) => d.status !== 'succeeded'))

    await berth.kill()
    await receiver.listen()
    berth = await startBerthProcess(env(), { dataDir: berth.dataDir })

    await waitFor(async () => {
      const list = (await api('GET', '/apps/survivor/webhook-deliveries')).body as any[]
      return list.length === 7 && list.every((d) => d.status === 'succeeded')
    }, { timeoutMs: 30_000, what: 'every queued delivery to succeed after the restart' })
    const versions = receiver.received.filter((h) => h.body.resource === 'release' && h.body.action === 'update').map((h) => h.body.data.version)
    assert.deepEqual([...new Set(versions)].sort(), [3, 4, 5])
    assert.ok(receiver.received.some((h) => h.body.resource === 'app' && h.body.data.maintenance === true))
  })
})
