import type { AppWebhook, WebhookDelivery, WebhookEvent } from '../core/webhooks/app-webhook.js'
import { signWebhook } from './sign-webhook.js'

export interface WebhookRequestInput {
  webhook: AppWebhook
  delivery: WebhookDelivery
  event: WebhookEvent
  attemptId: string
  sentAt: Date
  userAgent: string
}

/**
 * The body and headers of one delivery attempt, built as data. The body is the event's payload
 * plus Heroku's `webhook_metadata` (the attempt, delivery, event and webhook it belongs to), so
 * each attempt is signed anew. The secret only keys the signature; it is never sent.
 */
export function webhookRequest(input: WebhookRequestInput): { body: string; headers: Record<string, string> } {
  const { webhook, delivery, event } = input
  const body = JSON.stringify({
    ...event.payload,
    webhook_metadata: {
      attempt: { id: input.attemptId },
      delivery: { id: delivery.id },
      event: { id: event.id, include: event.include },
      webhook: { id: webhook.id },
    },
  })
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': input.userAgent,
    'Heroku-Webhook-Hmac-SHA256': signWebhook(webhook.secret, body),
    'Heroku-Webhook-Id': delivery.id,
    'Heroku-Webhook-Sent-At': input.sentAt.toISOString(),
  }
  if (webhook.authorization !== null) headers.Authorization = webhook.authorization
  return { body, headers }
}
