import type { App } from '../../core/apps/app.js'
import type { AppWebhook, WebhookDelivery, WebhookEvent } from '../../core/webhooks/app-webhook.js'
import { timestamp } from './timestamp.js'

/** Heroku's App Webhook shape. `secret` and `authorization` are write-only: never returned. */
export function serializeWebhook(webhook: AppWebhook, app: Pick<App, 'id' | 'name'>) {
  return {
    app: { id: app.id, name: app.name },
    created_at: timestamp(webhook.createdAt),
    id: webhook.id,
    include: webhook.include,
    level: webhook.level,
    updated_at: timestamp(webhook.updatedAt),
    url: webhook.url,
  }
}

/** Heroku's App Webhook Delivery shape: status, attempts and the last attempt's outcome. */
export function serializeWebhookDelivery(delivery: WebhookDelivery) {
  const last = delivery.lastAttempt
  return {
    created_at: timestamp(delivery.createdAt),
    event: { id: delivery.eventId, include: delivery.include },
    id: delivery.id,
    last_attempt: last === null ? null : {
      code: last.code, created_at: timestamp(last.createdAt), error_class: last.errorClass, id: last.id, status: last.status, updated_at: timestamp(last.updatedAt),
    },
    next_attempt_at: timestamp(delivery.nextAttemptAt),
    num_attempts: delivery.numAttempts,
    status: delivery.status,
    updated_at: timestamp(delivery.updatedAt),
    webhook: { id: delivery.webhookId, level: delivery.level },
  }
}

/** Heroku's App Webhook Event shape: the payload as receivers get it, without the per-delivery metadata. */
export function serializeWebhookEvent(event: WebhookEvent) {
  return {
    created_at: timestamp(event.createdAt),
    id: event.id,
    include: event.include,
    payload: event.payload,
    updated_at: timestamp(event.updatedAt),
  }
}
