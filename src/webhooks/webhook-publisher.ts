import type { Actor } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { WebhookAction, WebhookEventPayload } from '../core/webhooks/app-webhook.js'
import { resourceOf, type WebhookEntity } from '../core/webhooks/webhook-entities.js'
import type { ApiUrls } from '../api/api-context.js'
import { serializeAttachment } from '../api/serializers/addon.js'
import { serializeApp } from '../api/serializers/app.js'
import { serializeBuild } from '../api/serializers/build.js'
import { serializeDyno } from '../api/serializers/dyno.js'
import { serializeFormation } from '../api/serializers/formation.js'
import { serializeRelease } from '../api/serializers/release.js'
import { timestamp } from '../api/serializers/timestamp.js'
import type { Store } from '../store/store.js'
import type { ResourceChange, WebhookEvents } from './webhook-events.js'

export interface WebhookPublisherOptions {
  store: Pick<Store, 'findApp' | 'getRelease' | 'listWebhooks' | 'enqueueWebhookEvent'>
  /** For `web_url` and `git_url` in `api:app` events. */
  urls: ApiUrls
  newId: () => string
  now: () => Date
  /** Told after deliveries were queued, so they go out at once. */
  onQueued: () => void
  onError: (error: unknown, what: string) => void
  /** Events waiting to be recorded beyond which new ones are dropped (and reported), so a store outage cannot eat memory. */
  maxBacklog?: number
}

/** An event's `data`, and its `previous_data`. */
interface EventData {
  data: Record<string, unknown>
  previous: Record<string, unknown>
}

/** The earlier value of each top-level field that differs between two serializations (not `updated_at`, which always does). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(before).filter(([key, value]) => key !== 'updated_at' && JSON.stringify(value) !== JSON.stringify(after[key])))
}

// Heroku compat: every payload names the API version its `data` has.
const PAYLOAD_VERSION = 'application/vnd.heroku+json; version=3'

/**
 * WebhookEvents over the store: each event is serialized and recorded in the background, one at a
 * time and in publishing order, and only when one of the app's webhooks includes its entity (an
 * app without webhooks costs one read per event).
 */
export class WebhookPublisher implements WebhookEvents {
  #tail: Promise<void> = Promise.resolve()
  #backlog = 0

  constructor(private readonly options: WebhookPublisherOptions) {}

  publish(appId: string, entity: WebhookEntity, action: WebhookAction, data: Record<string, unknown>, actor: Actor | null = null): void {
    this.#enqueue(appId, entity, action, actor, async () => ({ data, previous: {} }))
  }

  publishChange(appId: string, action: WebhookAction, change: ResourceChange, actor?: Actor | null, previous?: ResourceChange): void {
    const by = actor !== undefined ? actor : change.entity === 'api:release' ? change.release.actor : change.entity === 'api:build' ? change.build.actor : null
    this.#enqueue(appId, change.entity, action, by, async (app) => {
      const data = await this.#serialize(app, change)
      return { data, previous: previous ? changedFields(await this.#serialize(app, previous), data) : {} }
    })
  }

  /** Resolves once every event published so far is recorded (or was given up on). */
  async settled(): Promise<void> {
    await this.#tail
  }

  #enqueue(appId: string, entity: WebhookEntity, action: WebhookAction, actor: Actor | null, data: (app: App) => Promise<EventData>): void {
    if (this.#backlog >= (this.options.maxBacklog ?? 10_000)) {
      this.options.onError(new Error('too many webhook events waiting to be recorded'), `dropped a ${entity} webhook event`)
      return
    }
    const at = this.options.now()
    this.#backlog++
    this.#tail = this.#tail
      .then(() => this.#record(appId, entity, action, actor, at, data))
      .catch((error: unknown) => this.options.onError(error, `could not queue a ${entity} webhook event`))
      .finally(() => { this.#backlog-- })
  }

  async #record(appId: string, entity: WebhookEntity, action: WebhookAction, actor: Actor | null, at: Date, data: (app: App) => Promise<EventData>): Promise<void> {
    const { store } = this.options
    if (!(await store.listWebhooks(appId)).some((hook) => hook.include.includes(entity))) return
    const app = await store.findApp(appId)
    if (!app) return
    const id = this.options.newId()
    const when = timestamp(at)
    const { data: now, previous } = await data(app)
    const payload: WebhookEventPayload = {
      action, actor: { email: actor?.email ?? null, id: actor?.id ?? null }, created_at: when, data: now, id,
      previous_data: previous, published_at: when, resource: resourceOf(entity), sequence: null, updated_at: when, version: PAYLOAD_VERSION,
    }
    if ((await store.enqueueWebhookEvent({ id, appId, entity, payload })) > 0) this.options.onQueued()
  }

  async #serialize(app: App, change: ResourceChange): Promise<Record<string, unknown>> {
    switch (change.entity) {
      case 'api:app': return serializeApp(change.app, this.options.urls)
      case 'api:release': return serializeRelease(change.release, app, await this.#currentSlugId(app, change.release))
      // Capability URLs are bound to the caller who read them: a receiver gets none.
      case 'api:build': return { ...serializeBuild(change.build, app, ''), output_stream_url: null }
      case 'api:formation': return serializeFormation(change.formation, app)
      case 'api:addon-attachment': return serializeAttachment(change.addon)
      case 'dyno': return serializeDyno(change.dyno, app)
    }
  }

  async #currentSlugId(app: App, release: { current: boolean; slugId: string | null }): Promise<string | null> {
    if (release.current) return release.slugId
    if (app.currentReleaseId === null) return null
    return (await this.options.store.getRelease(app.id, { kind: 'id', id: app.currentReleaseId }))?.slugId ?? null
  }
}
