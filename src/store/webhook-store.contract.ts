import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import type { Actor } from '../core/accounts/account.js'
import { planInitialReleases } from '../core/releases/plan-initial-releases.js'
import type { WebhookEventPayload } from '../core/webhooks/app-webhook.js'
import type { StoreHarness } from './store.contract.js'
import type { Store } from './store.js'

let counter = 0
const unique = (prefix: string) => `${prefix}${process.pid}-${++counter}`

function payload(id: string, resource: string): WebhookEventPayload {
  const at = new Date().toISOString()
  return { action: 'create', actor: { email: null, id: null }, created_at: at, data: { id }, id, previous_data: {}, published_at: at, resource, sequence: null, updated_at: at, version: 'application/vnd.heroku+json; version=3' }
}

/** The webhook part of the Store contract: subscriptions, the event log and the delivery queue. */
export function runWebhookStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract, webhooks: ${name}`, () => {
    let harness: StoreHarness
    let store: Store
    let actor: Actor
    before(async () => {
      harness = await open()
      store = harness.store
      const owner = await store.createAccount({ email: unique('hooks') + '@example.com', name: null, passwordHash: null, isAdmin: false })
      actor = { id: owner.id, email: owner.email }
    })
    after(async () => harness.cleanup())

    const newApp = () => store.createApp({ name: unique('hooks-').replace(/[^a-z0-9-]/g, ''), ownerId: actor.id!, stack: 'berth-24', region: 'us' }, planInitialReleases(actor))
    const hook = (appId: string, include: string[], level: 'notify' | 'sync' = 'sync') =>
      store.createWebhook(appId, { url: 'https://hooks.example.com/in', include, level, secret: `s-${randomUUID()}`, authorization: null })
    const event = (appId: string, entity: string) => {
      const id = randomUUID()
      return { id, appId, entity, payload: payload(id, entity.replace(/^api:/, '')) }
    }

    it('keeps webhooks per app, changes only what a patch names, and removes them', async () => {
      const app = await newApp()
      const created = await store.createWebhook(app.id, { url: 'https://hooks.example.com/a', include: ['api:release'], level: 'notify', secret: 'first', authorization: 'Bearer one' })
      assert.deepEqual([created.url, created.include, created.level, created.secret, created.authorization], ['https://hooks.example.com/a', ['api:release'], 'notify', 'first', 'Bearer one'])
      const updated = await store.updateWebhook(app.id, created.id, { include: ['dyno', 'api:build'], authorization: null })
      assert.deepEqual([updated?.url, updated?.include, updated?.secret, updated?.authorization], ['https://hooks.example.com/a', ['dyno', 'api:build'], 'first', null])
      assert.deepEqual((await store.listWebhooks(app.id)).map((w) => w.id), [created.id])
      assert.equal(await store.updateWebhook((await newApp()).id, created.id, { level: 'sync' }), null, 'another app cannot reach it')
      assert.equal((await store.deleteWebhook(app.id, created.id))?.id, created.id)
      assert.deepEqual(await store.listWebhooks(app.id), [])
      assert.equal(await store.deleteWebhook(app.id, created.id), null)
    })

    it('keeps the secret, the Authorization header and the URL sealed', async () => {
      const app = await newApp()
      const secret = `secret-${randomUUID()}`
      const authorization = `Bearer auth-${randomUUID()}`
      const password = `pw-${randomUUID()}`
      const created = await store.createWebhook(app.id, { url: `https://u:${password}@hooks.example.com/in`, include: ['api:app'], level: 'sync', secret, authorization })
      assert.equal((await store.listWebhooks(app.id))[0]?.secret, secret)
      const dump = await harness.dumpAllText()
      assert.ok(dump.includes(created.id), 'the dump should contain the webhook row')
      assert.deepEqual([secret, authorization, password].filter((value) => dump.includes(value)), [], 'secrets stored in the clear')
    })

    it('queues an event only for the webhooks that include its entity, and none without one', async () => {
      const app = await newApp()
      const releases = await hook(app.id, ['api:release'])
      await hook(app.id, ['dyno'])
      assert.equal(await store.enqueueWebhookEvent(event(app.id, 'api:build')), 0)
      assert.deepEqual(await store.listWebhookEvents(app.id), [])
      const queued = event(app.id, 'api:release')
      assert.equal(await store.enqueueWebhookEvent(queued), 1)
      const [delivery] = await store.listWebhookDeliveries(app.id)
      assert.deepEqual([delivery?.webhookId, delivery?.eventId, delivery?.include, delivery?.status, delivery?.numAttempts, delivery?.level, delivery?.lastAttempt],
        [releases.id, queued.id, 'api:release', 'pending', 0, 'sync', null])
      assert.deepEqual((await store.getWebhookEvent(app.id, queued.id))?.payload, queued.payload)
      assert.equal((await store.getWebhookDelivery(app.id, delivery!.id))?.id, delivery!.id)
      assert.equal(await store.getWebhookDelivery((await newApp()).id, delivery!.id), null)
    })

    it('hands a due delivery to one claimer, records attempts, and keeps a retry until it is due', async () => {
      const app = await newApp()
      const webhook = await hook(app.id, ['api:formation'])
      await store.enqueueWebhookEvent(event(app.id, 'api:formation'))
      const claimUntil = new Date(Date.now() + 60_000)
      const claims = await Promise.all([store.claimWebhookDeliveries(claimUntil, 100), store.claimWebhookDeliveries(claimUntil, 100)])
      const mine = claims.flat().filter((due) => due.delivery.appId === app.id)
      assert.equal(mine.length, 1, 'claimed twice')
      assert.equal(mine[0]!.webhook.secret, webhook.secret)
      assert.equal(mine[0]!.event.include, 'api:formation')
      const deliveryId = mine[0]!.delivery.id
      const retryAt = new Date(Date.now() + 3_600_000)
      await store.recordWebhookAttempt(deliveryId, { attemptId: randomUUID(), code: 500, errorClass: null, succeeded: false, nextAttemptAt: retryAt })
      let delivery = await store.getWebhookDelivery(app.id, deliveryId)
      assert.deepEqual([delivery?.status, delivery?.numAttempts, delivery?.lastAttempt?.code, delivery?.lastAttempt?.status, delivery?.nextAttemptAt?.getTime()],
        ['retrying', 1, 500, 'failed', retryAt.getTime()])
      assert.ok(!(await store.claimWebhookDeliveries(claimUntil, 100)).some((due) => due.delivery.id === deliveryId), 'claimed before it was due')
      const next = await store.nextWebhookDueAt()
      assert.ok(next !== null && next.getTime() <= retryAt.getTime())
      await store.recordWebhookAttempt(deliveryId, { attemptId: randomUUID(), code: null, errorClass: 'ECONNREFUSED', succeeded: false, nextAttemptAt: null })
      delivery = await store.getWebhookDelivery(app.id, deliveryId)
      assert.deepEqual([delivery?.status, delivery?.numAttempts, delivery?.lastAttempt?.errorClass, delivery?.nextAttemptAt], ['failed', 2, 'ECONNREFUSED', null])
      assert.deepEqual((await store.listWebhookDeliveries(app.id, 'failed')).map((d) => d.id), [deliveryId])
      assert.deepEqual(await store.listWebhookDeliveries(app.id, 'succeeded'), [])
    })

    it('hands out at most two of one app\'s deliveries at a time, so a slow receiver cannot take every slot', async () => {
      const busy = await newApp()
      await hook(busy.id, ['api:formation'])
      for (let i = 0; i < 5; i++) await store.enqueueWebhookEvent(event(busy.id, 'api:formation'))
      const quiet = await newApp()
      await hook(quiet.id, ['api:formation'])
      await store.enqueueWebhookEvent(event(quiet.id, 'api:formation'))
      const claimUntil = new Date(Date.now() + 60_000)
      const of = <T extends { delivery: { appId: string } }>(due: T[], appId: string) => due.filter((d) => d.delivery.appId === appId)
      const first = await store.claimWebhookDeliveries(claimUntil, 100)
      assert.deepEqual([of(first, busy.id).length, of(first, quiet.id).length], [2, 1])
      assert.equal(of(await store.claimWebhookDeliveries(claimUntil, 100), busy.id).length, 0, 'two are in flight already')
      await store.recordWebhookAttempt(of(first, busy.id)[0]!.delivery.id, { attemptId: randomUUID(), code: 200, errorClass: null, succeeded: true, nextAttemptAt: null })
      assert.equal(of(await store.claimWebhookDeliveries(claimUntil, 100), busy.id).length, 1, 'one slot freed')
    })

    it('drops a removed webhook\'s queued deliveries, and everything with its app', async () => {
      const app = await newApp()
      const webhook = await hook(app.id, ['dyno'])
      await store.enqueueWebhookEvent(event(app.id, 'dyno'))
      await store.deleteWebhook(app.id, webhook.id)
      assert.deepEqual(await store.listWebhookDeliveries(app.id), [])
      await hook(app.id, ['dyno'])
      await store.enqueueWebhookEvent(event(app.id, 'dyno'))
      await store.deleteApp(app.id)
      assert.deepEqual(await store.listWebhookDeliveries(app.id), [])
      assert.deepEqual(await store.listWebhookEvents(app.id), [])
    })
  })
}
