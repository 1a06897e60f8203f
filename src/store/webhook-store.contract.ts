import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import type { WebhookEventPayload } from '../core/webhooks/app-webhook.js'
import { contractRig } from './contract-rig.js'
import type { StoreHarness } from './store.contract.js'

function payload(id: string, resource: string): WebhookEventPayload {
  const at = new Date().toISOString()
  return { action: 'create', actor: { email: null, id: null }, created_at: at, data: { id }, id, previous_data: {}, published_at: at, resource, sequence: null, updated_at: at, version: 'application/vnd.heroku+json; version=3' }
}

/** The webhook part of the Store contract: subscriptions, the event log and the delivery queue. */
export function runWebhookStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract, webhooks: ${name}`, () => {
    const rig = contractRig(open, 'hooks')

    const { newApp } = rig
    const hook = (appId: string, include: string[], level: 'notify' | 'sync' = 'sync') =>
      rig.store.createWebhook(appId, { url: 'https://hooks.example.com/in', include, level, secret: `s-${randomUUID()}`, authorization: null })
    const event = (appId: string, entity: string) => {
      const id = randomUUID()
      return { id, appId, entity, payload: payload(id, entity.replace(/^api:/, '')) }
    }

    it('keeps webhooks per app, changes only what a patch names, and removes them', async () => {
      const app = await newApp()
      const created = await rig.store.createWebhook(app.id, { url: 'https://hooks.example.com/a', include: ['api:release'], level: 'notify', secret: 'first', authorization: 'Bearer one' })
      assert.deepEqual([created.url, created.include, created.level, created.secret, created.authorization], ['https://hooks.example.com/a', ['api:release'], 'notify', 'first', 'Bearer one'])
      const updated = await rig.store.updateWebhook(app.id, created.id, { include: ['dyno', 'api:build'], authorization: null })
      assert.deepEqual([updated?.url, updated?.include, updated?.secret, updated?.authorization], ['https://hooks.example.com/a', ['dyno', 'api:build'], 'first', null])
      assert.deepEqual((await rig.store.listWebhooks(app.id)).map((w) => w.id), [created.id])
      assert.equal(await rig.store.updateWebhook((await newApp()).id, created.id, { level: 'sync' }), null, 'another app cannot reach it')
      assert.equal((await rig.store.deleteWebhook(app.id, created.id))?.id, created.id)
      assert.deepEqual(await rig.store.listWebhooks(app.id), [])
      assert.equal(await rig.store.deleteWebhook(app.id, created.id), null)
    })

    it('keeps the secret, the Authorization header and the URL sealed', async () => {
      const app = await newApp()
      const secret = `secret-${randomUUID()}`
      const authorization = `Bearer auth-${randomUUID()}`
      const password = `pw-${randomUUID()}`
      const created = await rig.store.createWebhook(app.id, { url: `https://u:${password}@hooks.example.com/in`, include: ['api:app'], level: 'sync', secret, authorization })
      assert.equal((await rig.store.listWebhooks(app.id))[0]?.secret, secret)
      const dump = await rig.dumpAllText()
      assert.ok(dump.includes(created.id), 'the dump should contain the webhook row')
      assert.deepEqual([secret, authorization, password].filter((value) => dump.includes(value)), [], 'secrets stored in the clear')
    })

    it('queues an event only for the webhooks that include its entity, and none without one', async () => {
      const app = await newApp()
      const releases = await hook(app.id, ['api:release'])
      await hook(app.id, ['dyno'])
      assert.equal(await rig.store.enqueueWebhookEvent(event(app.id, 'api:build')), 0)
      assert.deepEqual(await rig.store.listWebhookEvents(app.id), [])
      const queued = event(app.id, 'api:release')
      assert.equal(await rig.store.enqueueWebhookEvent(queued), 1)
      const [delivery] = await rig.store.listWebhookDeliveries(app.id)
      assert.deepEqual([delivery?.webhookId, delivery?.eventId, delivery?.include, delivery?.status, delivery?.numAttempts, delivery?.level, delivery?.lastAttempt],
        [releases.id, queued.id, 'api:release', 'pending', 0, 'sync', null])
      assert.deepEqual((await rig.store.getWebhookEvent(app.id, queued.id))?.payload, queued.payload)
      assert.equal((await rig.store.getWebhookDelivery(app.id, delivery!.id))?.id, delivery!.id)
      assert.equal(await rig.store.getWebhookDelivery((await newApp()).id, delivery!.id), null)
    })

    it('hands a due delivery to one claimer, records attempts, and keeps a retry until it is due', async () => {
      const app = await newApp()
      const webhook = await hook(app.id, ['api:formation'])
      await rig.store.enqueueWebhookEvent(event(app.id, 'api:formation'))
      const claimUntil = new Date(Date.now() + 60_000)
      const claims = await Promise.all([rig.store.claimWebhookDeliveries(claimUntil, 100), rig.store.claimWebhookDeliveries(claimUntil, 100)])
      const mine = claims.flat().filter((due) => due.delivery.appId === app.id)
      assert.equal(mine.length, 1, 'claimed twice')
      assert.equal(mine[0]!.webhook.secret, webhook.secret)
      assert.equal(mine[0]!.event.include, 'api:formation')
      const deliveryId = mine[0]!.delivery.id
      const retryAt = new Date(Date.now() + 3_600_000)
      await rig.store.recordWebhookAttempt(deliveryId, { attemptId: randomUUID(), code: 500, errorClass: null, succeeded: false, nextAttemptAt: retryAt })
      let delivery = await rig.store.getWebhookDelivery(app.id, deliveryId)
      assert.deepEqual([delivery?.status, delivery?.numAttempts, delivery?.lastAttempt?.code, delivery?.lastAttempt?.status, delivery?.nextAttemptAt?.getTime()],
        ['retrying', 1, 500, 'failed', retryAt.getTime()])
      assert.ok(!(await rig.store.claimWebhookDeliveries(claimUntil, 100)).some((due) => due.delivery.id === deliveryId), 'claimed before it was due')
      const next = await rig.store.nextWebhookDueAt()
      assert.ok(next !== null && next.getTime() <= retryAt.getTime())
      await rig.store.recordWebhookAttempt(deliveryId, { attemptId: randomUUID(), code: null, errorClass: 'ECONNREFUSED', succeeded: false, nextAttemptAt: null })
      delivery = await rig.store.getWebhookDelivery(app.id, deliveryId)
      assert.deepEqual([delivery?.status, delivery?.numAttempts, delivery?.lastAttempt?.errorClass, delivery?.nextAttemptAt], ['failed', 2, 'ECONNREFUSED', null])
      assert.deepEqual((await rig.store.listWebhookDeliveries(app.id, 'failed')).map((d) => d.id), [deliveryId])
      assert.deepEqual(await rig.store.listWebhookDeliveries(app.id, 'succeeded'), [])
    })

    it('hands out at most two of one app\'s deliveries at a time, so a slow receiver cannot take every slot', async () => {
      const busy = await newApp()
      await hook(busy.id, ['api:formation'])
      for (let i = 0; i < 5; i++) await rig.store.enqueueWebhookEvent(event(busy.id, 'api:formation'))
      const quiet = await newApp()
      await hook(quiet.id, ['api:formation'])
      await rig.store.enqueueWebhookEvent(event(quiet.id, 'api:formation'))
      const claimUntil = new Date(Date.now() + 60_000)
      const of = <T extends { delivery: { appId: string } }>(due: T[], appId: string) => due.filter((d) => d.delivery.appId === appId)
      const first = await rig.store.claimWebhookDeliveries(claimUntil, 100)
      assert.deepEqual([of(first, busy.id).length, of(first, quiet.id).length], [2, 1])
      assert.equal(of(await rig.store.claimWebhookDeliveries(claimUntil, 100), busy.id).length, 0, 'two are in flight already')
      await rig.store.recordWebhookAttempt(of(first, busy.id)[0]!.delivery.id, { attemptId: randomUUID(), code: 200, errorClass: null, succeeded: true, nextAttemptAt: null })
      assert.equal(of(await rig.store.claimWebhookDeliveries(claimUntil, 100), busy.id).length, 1, 'one slot freed')
    })

    it('drops a removed webhook\'s queued deliveries, and everything with its app', async () => {
      const app = await newApp()
      const webhook = await hook(app.id, ['dyno'])
      await rig.store.enqueueWebhookEvent(event(app.id, 'dyno'))
      await rig.store.deleteWebhook(app.id, webhook.id)
      assert.deepEqual(await rig.store.listWebhookDeliveries(app.id), [])
      await hook(app.id, ['dyno'])
      await rig.store.enqueueWebhookEvent(event(app.id, 'dyno'))
      await rig.store.deleteApp(app.id)
      assert.deepEqual(await rig.store.listWebhookDeliveries(app.id), [])
      assert.deepEqual(await rig.store.listWebhookEvents(app.id), [])
    })
  })
}
