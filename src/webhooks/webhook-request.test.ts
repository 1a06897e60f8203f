import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { it } from 'node:test'
import type { AppWebhook, WebhookDelivery, WebhookEvent } from '../core/webhooks/app-webhook.js'
import { signWebhook } from './sign-webhook.js'
import { webhookRequest } from './webhook-request.js'

const at = new Date('2026-01-01T00:00:00Z')
const webhook: AppWebhook = { id: 'w1', appId: 'a1', url: 'https://hooks.example.com/', include: ['api:release'], level: 'sync', secret: 'sekret', authorization: 'Bearer abc', createdAt: at, updatedAt: at }
const event: WebhookEvent = {
  id: 'e1', appId: 'a1', include: 'api:release', createdAt: at, updatedAt: at,
  payload: { action: 'create', actor: { email: 'a@b.c', id: 'u1' }, created_at: '2026-01-01T00:00:00Z', data: { version: 3 }, id: 'e1', previous_data: {}, published_at: '2026-01-01T00:00:00Z', resource: 'release', sequence: null, updated_at: '2026-01-01T00:00:00Z', version: 'application/vnd.heroku+json; version=3' },
}
const delivery: WebhookDelivery = { id: 'd1', appId: 'a1', eventId: 'e1', include: 'api:release', webhookId: 'w1', level: 'sync', status: 'pending', numAttempts: 0, nextAttemptAt: at, lastAttempt: null, createdAt: at, updatedAt: at }

it('signs the raw body as Heroku does: base64 HMAC-SHA256 keyed with the secret', () => {
  // A known answer, computed independently: base64(HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")).
  assert.equal(signWebhook('key', 'The quick brown fox jumps over the lazy dog'), '97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=')
})

it('sends the payload with webhook_metadata, signed, with the Authorization header and never the secret', () => {
  const { body, headers } = webhookRequest({ webhook, delivery, event, attemptId: 'a9', sentAt: at, userAgent: 'Berth-Webhooks/test' })
  const sent = JSON.parse(body)
  assert.deepEqual(sent.webhook_metadata, { attempt: { id: 'a9' }, delivery: { id: 'd1' }, event: { id: 'e1', include: 'api:release' }, webhook: { id: 'w1' } })
  assert.deepEqual([sent.action, sent.resource, sent.data], ['create', 'release', { version: 3 }])
  assert.equal(headers['Heroku-Webhook-Hmac-SHA256'], createHmac('sha256', 'sekret').update(body).digest('base64'))
  assert.deepEqual([headers.Authorization, headers['Heroku-Webhook-Id'], headers['Heroku-Webhook-Sent-At'], headers['User-Agent']], ['Bearer abc', 'd1', '2026-01-01T00:00:00.000Z', 'Berth-Webhooks/test'])
  assert.ok(!body.includes('sekret') && !Object.values(headers).includes('sekret'))
  const plain = webhookRequest({ webhook: { ...webhook, authorization: null }, delivery, event, attemptId: 'a9', sentAt: at, userAgent: 'x' })
  assert.equal(plain.headers.Authorization, undefined)
})
