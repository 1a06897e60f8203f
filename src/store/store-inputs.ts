import type { ReleaseCounts } from '../core/health/release-counts.js'
import type { WebhookEventPayload } from '../core/webhooks/app-webhook.js'
import type { Actor } from '../core/accounts/account.js'
import type { AddonState } from '../core/addons/addon.js'

/** What callers hand the store to create rows, and the pages and filters they read with. */

export interface NewApp {
  name: string
  ownerId: string
  stack: string
  region: string
}

/** The app columns a caller may change; undefined leaves one as it is. */
export interface AppPatch {
  name?: string
  maintenance?: boolean
  /** The stack the current slug was built on. */
  stack?: string
  /** The stack the next build uses. */
  buildStack?: string
}

export interface NewSlug {
  /** Chosen by the caller when the archive is stored first under this id. */
  id?: string
  appId: string
  processTypes: Record<string, string>
  commit: string | null
  commitDescription: string | null
  buildpackProvidedDescription: string | null
  stack: string
  checksum: string | null
  sizeBytes: number | null
  /** Runtimes from the runtime store it runs on (`node@18.20.8`); none when absent. */
  runtimes?: readonly string[]
}

export interface NewBuild {
  appId: string
  sourceVersion: string | null
  sourceDescription: string | null
  sourceUrl: string | null
  buildpacks: string[]
  stack: string
  actor: Actor
}

export interface NewAddon {
  /** Chosen by the caller when the provider named its resources after it. */
  id?: string
  name: string
  service: string
  plan: string
  providerId: string
  config: Readonly<Record<string, string>>
}

/** Which add-ons to list; the fields narrow together. */
export interface AddonFilter {
  appId?: string
  /** Add-ons of apps this account owns or collaborates on. */
  memberId?: string
  state?: AddonState
}

/** A page of releases ordered by version; `start` is the first version in iteration order. */
export interface ReleasePage {
  start?: number
  startExclusive?: boolean
  end?: number
  order: 'asc' | 'desc'
  max: number
}

export interface BuildPage {
  order: 'asc' | 'desc'
  max: number
}

/** What happened to one release in one minute (epoch minutes), as the meter counted it. */
export interface ReleaseMinute {
  appId: string
  releaseVersion: number
  minute: number
  counts: ReleaseCounts
}

/** A new webhook; the secret and authorization are sealed by the store. */
export interface NewWebhook {
  url: string
  include: string[]
  level: 'notify' | 'sync'
  secret: string
  authorization: string | null
}

/** Webhook fields to change; undefined leaves one as it is, null clears `authorization`. */
export interface WebhookPatch {
  url?: string
  include?: string[]
  level?: 'notify' | 'sync'
  secret?: string
  authorization?: string | null
}

/** An event to record, with a pending delivery to each of the app's webhooks that includes its entity. */
export interface NewWebhookEvent {
  id: string
  appId: string
  entity: string
  payload: WebhookEventPayload
}

/** What a delivery attempt ended with, and what happens next. */
export interface WebhookAttemptOutcome {
  attemptId: string
  code: number | null
  errorClass: string | null
  succeeded: boolean
  /** When to try again; null ends the delivery (succeeded, or failed for good). */
  nextAttemptAt: Date | null
}

export interface NewPromotion {
  pipelineId: string
  sourceAppId: string
  sourceReleaseId: string
  /** One pending target per app, in this order. */
  targetAppIds: readonly string[]
}
