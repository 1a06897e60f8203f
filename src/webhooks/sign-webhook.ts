import { createHmac } from 'node:crypto'

/**
 * Heroku compat: `Heroku-Webhook-Hmac-SHA256` is the base64 HMAC-SHA256 of the raw request body,
 * keyed with the webhook's secret. A receiver recomputes it over the bytes it got.
 */
export function signWebhook(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64')
}
