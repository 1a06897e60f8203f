import type { AppWebhook, WebhookDelivery, WebhookDeliveryStatus, WebhookEvent, WebhookEventPayload, WebhookLevel } from '../../core/webhooks/app-webhook.js'
import type { SecretBox } from '../secret-box.js'

// Row mappers for the webhook tables; SQLite hands back text where PostgreSQL hands back Date.
type Row = Record<string, unknown>

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)))
const nullableDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value))

export function toWebhook(row: Row, box: SecretBox): AppWebhook {
  return {
    id: String(row.id),
    appId: String(row.app_id),
    url: box.open(String(row.url)),
    include: JSON.parse(String(row.entities)) as string[],
    level: String(row.level) as WebhookLevel,
    secret: box.open(String(row.secret)),
    authorization: row.authorization_header === null || row.authorization_header === undefined ? null : box.open(String(row.authorization_header)),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

export function toWebhookEvent(row: Row): WebhookEvent {
  return {
    id: String(row.id),
    appId: String(row.app_id),
    include: String(row.entity),
    payload: JSON.parse(String(row.payload)) as WebhookEventPayload,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

/** A delivery row joined with its webhook's `level`. */
export function toWebhookDelivery(row: Row): WebhookDelivery {
  const attemptAt = nullableDate(row.last_attempt_at)
  return {
    id: String(row.id),
    appId: String(row.app_id),
    eventId: String(row.event_id),
    include: String(row.entity),
    webhookId: String(row.webhook_id),
    level: String(row.level) as WebhookLevel,
    status: String(row.status) as WebhookDeliveryStatus,
    numAttempts: Number(row.num_attempts),
    nextAttemptAt: nullableDate(row.next_attempt_at),
    lastAttempt: row.last_attempt_id === null || row.last_attempt_id === undefined || attemptAt === null ? null : {
      id: String(row.last_attempt_id),
      code: row.last_attempt_code === null || row.last_attempt_code === undefined ? null : Number(row.last_attempt_code),
      errorClass: row.last_attempt_error === null || row.last_attempt_error === undefined ? null : String(row.last_attempt_error),
      status: row.last_attempt_status === 'succeeded' ? 'succeeded' : 'failed',
      createdAt: attemptAt,
      updatedAt: attemptAt,
    },
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}
