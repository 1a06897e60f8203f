import type { AppWebhook, WebhookDelivery, WebhookEvent } from '../core/webhooks/app-webhook.js'
import type { Account } from '../core/accounts/account.js'
import type { Build } from '../core/builds/build.js'

/** What the store hands back besides the entities of `core/`. */

/** An account together with the secret material only auth code may see. */
export interface AccountCredentials {
  account: Account
  passwordHash: string | null
}

/** An API token's record; the store keeps only the token's hash, never the token. */
export interface Token {
  id: string
  accountId: string
  description: string
  createdAt: Date
  expiresAt: Date | null
}

/** What a deleted app leaves outside the store, by id. */
export interface DeletedApp {
  slugIds: string[]
  buildIds: string[]
  releaseIds: string[]
}

/** Why `recordSlugArchive` recorded nothing, or that it did. */
export type SlugArchiveOutcome =
  | { kind: 'recorded' }
  /** This very archive (same checksum) was recorded before. */
  | { kind: 'unchanged' }
  /** A release uses the slug: it can never change. */
  | { kind: 'released'; version: number }
  /** The slug holds, or was created with (`declared`), another checksum. */
  | { kind: 'mismatch'; checksum: string; declared: boolean }
  | { kind: 'missing' }

export interface InterruptedBuilds {
  builds: Build[]
  /** Pending releases of those builds' slugs, now failed. */
  releaseIds: string[]
}

/** A delivery claimed for an attempt, with what the attempt needs: its webhook (secrets opened) and its event. */
export interface DueWebhookDelivery {
  delivery: WebhookDelivery
  webhook: AppWebhook
  event: WebhookEvent
}
