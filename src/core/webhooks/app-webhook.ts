/**
 * Heroku's app webhooks: a subscription of an app to some entities' events, the events published,
 * and one delivery of an event to each webhook subscribed to it when it happened.
 */

/** `notify`: one attempt, fire and forget. `sync`: retried on the schedule of planWebhookRetry until it succeeds. */
export type WebhookLevel = 'notify' | 'sync'

/** Heroku's delivery statuses; Berth uses `pending` (not tried yet), `retrying`, `succeeded` and `failed` (given up). */
export type WebhookDeliveryStatus = 'pending' | 'scheduled' | 'retrying' | 'failed' | 'succeeded'

export type WebhookAction = 'create' | 'update' | 'destroy'

export interface AppWebhook {
  id: string
  appId: string
  url: string
  include: string[]
  level: WebhookLevel
  /** Write-only on the API; signs every delivery. Sealed at rest. */
  secret: string
  /** Sent as the `Authorization` header of every delivery when set. Write-only; sealed at rest. */
  authorization: string | null
  createdAt: Date
  updatedAt: Date
}

/** What happened, in Heroku's payload shape (snake_case: it is stored and sent as it will be read). */
export interface WebhookEventPayload {
  action: WebhookAction
  /** Who caused it; both null when Berth itself did (a dyno crashing). */
  actor: { email: string | null; id: string | null }
  created_at: string
  data: Record<string, unknown>
  id: string
  previous_data: Record<string, unknown>
  published_at: string
  resource: string
  sequence: null
  updated_at: string
  version: string
}

export interface WebhookEvent {
  id: string
  appId: string
  /** The entity, as a webhook's `include` names it: `api:release`, `dyno`, `berth:auto-rollback`. */
  include: string
  payload: WebhookEventPayload
  createdAt: Date
  updatedAt: Date
}

export interface WebhookAttempt {
  id: string
  /** The receiver's HTTP status, or null when none came (refused, timed out, blocked). */
  code: number | null
  /** Why the attempt failed without a status (`ECONNREFUSED`, `Timeout`, `OutboundRefused`), or null. */
  errorClass: string | null
  status: 'succeeded' | 'failed'
  createdAt: Date
  updatedAt: Date
}

export interface WebhookDelivery {
  id: string
  appId: string
  eventId: string
  include: string
  webhookId: string
  level: WebhookLevel
  status: WebhookDeliveryStatus
  numAttempts: number
  nextAttemptAt: Date | null
  lastAttempt: WebhookAttempt | null
  createdAt: Date
  updatedAt: Date
}
