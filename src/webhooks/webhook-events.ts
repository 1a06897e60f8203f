import type { Actor } from '../core/accounts/account.js'
import type { Addon } from '../core/addons/addon.js'
import type { App } from '../core/apps/app.js'
import type { Build } from '../core/builds/build.js'
import type { Formation } from '../core/formation/formation.js'
import type { Release } from '../core/releases/release.js'
import type { WebhookAction } from '../core/webhooks/app-webhook.js'
import type { WebhookEntity } from '../core/webhooks/webhook-entities.js'
import type { Dyno } from '../scheduler/scheduler.js'

/** What happened to a resource the API serves; the publisher serializes it as the API returns it. */
export type ResourceChange =
  | { entity: 'api:app'; app: App }
  | { entity: 'api:release'; release: Release }
  | { entity: 'api:build'; build: Build }
  | { entity: 'api:formation'; formation: Formation }
  | { entity: 'api:addon-attachment'; addon: Addon & { attachmentName: string } }
  | { entity: 'dyno'; dyno: Dyno }

/**
 * The port the rest of the server publishes app webhook events through. Both methods return at
 * once and never throw: the event is recorded, and a delivery queued for each of the app's webhooks
 * that includes the entity, in the background, so neither a slow store nor any receiver can slow
 * or fail the change that published it. Events of one publisher are recorded in publishing order.
 *
 * `publish` takes `data` as it should reach receivers (snake_case JSON). Berth's own events use
 * it; an automatic rollback publishes
 * `publish(appId, 'berth:auto-rollback', 'create', { release: {...}, rolled_back: {...}, reason }, actor)`.
 * `actor` null means Berth itself (the payload's actor is then `{ email: null, id: null }`).
 */
export interface WebhookEvents {
  publish(appId: string, entity: WebhookEntity, action: WebhookAction, data: Record<string, unknown>, actor?: Actor | null): void
  /**
   * The same for a resource the API serves: `data` is that resource serialized exactly as the API
   * returns it. `previous`, the resource before an update, makes `previous_data` hold the earlier
   * value of each field that changed (Heroku's); without it, `previous_data` is `{}`.
   */
  publishChange(appId: string, action: WebhookAction, change: ResourceChange, actor?: Actor | null, previous?: ResourceChange): void
}

/** Publishes nothing: for tests and tools that run services without webhook delivery. */
export const NO_WEBHOOK_EVENTS: WebhookEvents = { publish: () => undefined, publishChange: () => undefined }
