import { randomUUID } from 'node:crypto'
import type { AppWebhook, WebhookDelivery, WebhookEvent } from '../../core/webhooks/app-webhook.js'
import type { SecretBox } from '../secret-box.js'
import type { NewWebhook, NewWebhookEvent, WebhookAttemptOutcome, WebhookPatch } from '../store-inputs.js'
import type { DueWebhookDelivery } from '../store-results.js'
import type { SqlDriver, SqlValue } from './sql-driver.js'
import { toWebhook, toWebhookDelivery, toWebhookEvent } from './webhook-rows.js'

/** Events kept per app; older ones go once none of their deliveries is still pending. */
export const WEBHOOK_EVENTS_KEPT = 1000

const DELIVERY_COLUMNS = 'd.*, w.level AS level'
const DELIVERY_FROM = 'app_webhook_deliveries d JOIN app_webhooks w ON w.id = d.webhook_id'
const OPEN = `d.status IN ('pending', 'retrying')`
/** How many of one app's deliveries may be in flight at once. */
const PER_APP = 2

/**
 * App webhooks of the SQL store: subscriptions (URL, secret and Authorization header sealed like
 * config vars), their events, and the delivery queue the dispatcher claims from.
 */
export class WebhookQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly box: SecretBox,
    private readonly now: () => Date,
  ) {}

  async list(appId: string): Promise<AppWebhook[]> {
    const rows = await this.db.query('SELECT * FROM app_webhooks WHERE app_id = ? ORDER BY created_at', [appId])
    return rows.map((row) => toWebhook(row, this.box))
  }

  async create(appId: string, input: NewWebhook): Promise<AppWebhook> {
    const at = this.now().toISOString()
    const rows = await this.db.query(
      'INSERT INTO app_webhooks (id, app_id, url, entities, level, secret, authorization_header, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
      [randomUUID(), appId, this.box.seal(input.url), JSON.stringify(input.include), input.level, this.box.seal(input.secret), this.#sealed(input.authorization), at, at],
    )
    return toWebhook(rows[0]!, this.box)
  }

  async update(appId: string, webhookId: string, patch: WebhookPatch): Promise<AppWebhook | null> {
    const sets: string[] = []
    const params: SqlValue[] = []
    const set = (column: string, value: SqlValue) => {
      sets.push(`${column} = ?`)
      params.push(value)
    }
    if (patch.url !== undefined) set('url', this.box.seal(patch.url))
    if (patch.include !== undefined) set('entities', JSON.stringify(patch.include))
    if (patch.level !== undefined) set('level', patch.level)
    if (patch.secret !== undefined) set('secret', this.box.seal(patch.secret))
    if (patch.authorization !== undefined) set('authorization_header', this.#sealed(patch.authorization))
    set('updated_at', this.now().toISOString())
    const rows = await this.db.query(`UPDATE app_webhooks SET ${sets.join(', ')} WHERE app_id = ? AND id = ? RETURNING *`, [...params, appId, webhookId])
    return rows[0] ? toWebhook(rows[0], this.box) : null
  }

  /** Removes the webhook and its deliveries (a delivery still queued is never sent). */
  async delete(appId: string, webhookId: string): Promise<AppWebhook | null> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query('SELECT * FROM app_webhooks WHERE app_id = ? AND id = ?', [appId, webhookId])
      if (!rows[0]) return null
      await tx.query('DELETE FROM app_webhook_deliveries WHERE webhook_id = ?', [webhookId])
      await tx.query('DELETE FROM app_webhooks WHERE id = ?', [webhookId])
      return toWebhook(rows[0], this.box)
    })
  }

  /**
   * Records the event and a pending delivery to each of the app's webhooks that includes its entity,
   * in one transaction; writes nothing and returns 0 when none does. Trims the app's oldest settled events.
   */
  async enqueue(event: NewWebhookEvent): Promise<number> {
    return this.db.transaction(async (tx) => {
      const hooks = await tx.query<{ id: string; entities: string }>('SELECT id, entities FROM app_webhooks WHERE app_id = ?', [event.appId])
      const subscribed = hooks.filter((hook) => (JSON.parse(String(hook.entities)) as string[]).includes(event.entity))
      if (subscribed.length === 0) return 0
      const at = this.now().toISOString()
      await tx.query('INSERT INTO app_webhook_events (id, app_id, entity, payload, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        [event.id, event.appId, event.entity, JSON.stringify(event.payload), at, at])
      for (const hook of subscribed) {
        await tx.query(
          `INSERT INTO app_webhook_deliveries (id, app_id, event_id, webhook_id, entity, status, num_attempts, next_attempt_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
          [randomUUID(), event.appId, event.id, String(hook.id), event.entity, at, at, at],
        )
      }
      await this.#trim(tx, event.appId)
      return subscribed.length
    })
  }

  async listEvents(appId: string): Promise<WebhookEvent[]> {
    return (await this.db.query('SELECT * FROM app_webhook_events WHERE app_id = ? ORDER BY created_at', [appId])).map(toWebhookEvent)
  }

  async getEvent(appId: string, eventId: string): Promise<WebhookEvent | null> {
    const rows = await this.db.query('SELECT * FROM app_webhook_events WHERE app_id = ? AND id = ?', [appId, eventId])
    return rows[0] ? toWebhookEvent(rows[0]) : null
  }

  async listDeliveries(appId: string, status?: string): Promise<WebhookDelivery[]> {
    const rows = status === undefined
      ? await this.db.query(`SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE d.app_id = ? ORDER BY d.created_at`, [appId])
      : await this.db.query(`SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE d.app_id = ? AND d.status = ? ORDER BY d.created_at`, [appId, status])
    return rows.map(toWebhookDelivery)
  }

  async getDelivery(appId: string, deliveryId: string): Promise<WebhookDelivery | null> {
    const rows = await this.db.query(`SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE d.app_id = ? AND d.id = ?`, [appId, deliveryId])
    return rows[0] ? toWebhookDelivery(rows[0]) : null
  }

  /**
   * Claims up to `limit` deliveries due at `now` that no node holds, oldest first, until `until`.
   * The outer condition is checked again on each row once locked (PostgreSQL's READ COMMITTED
   * re-reads it), so two nodes claiming at once never both get the same delivery.
   */
  async claimDue(until: Date, limit: number): Promise<DueWebhookDelivery[]> {
    const now = this.now().toISOString()
    const free = '(claimed_until IS NULL OR claimed_until < ?)'
    // Fair between apps: at most PER_APP of one app's deliveries in flight at once, so one tenant's
    // slow or silent receivers hold a few of the dispatcher's slots, never all of them.
    const claimed = await this.db.query<{ id: string }>(
      `UPDATE app_webhook_deliveries SET claimed_until = ?
       WHERE id IN (
         SELECT id FROM (
           SELECT d.id, d.next_attempt_at, ROW_NUMBER() OVER (PARTITION BY d.app_id ORDER BY d.next_attempt_at) +
             (SELECT COUNT(*) FROM app_webhook_deliveries f WHERE f.app_id = d.app_id AND f.claimed_until >= ?) AS place
           FROM app_webhook_deliveries d WHERE ${OPEN} AND d.next_attempt_at <= ? AND ${free.replace(/claimed_until/g, 'd.claimed_until')}
         ) ranked WHERE place <= ${PER_APP} ORDER BY next_attempt_at LIMIT ?)
       AND status IN ('pending', 'retrying') AND ${free} RETURNING id`,
      [until.toISOString(), now, now, now, limit, now],
    )
    const due: DueWebhookDelivery[] = []
    for (const { id } of claimed) {
      const rows = await this.db.query(`SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE d.id = ?`, [String(id)])
      if (!rows[0]) continue
      const delivery = toWebhookDelivery(rows[0])
      const [hook] = await this.db.query('SELECT * FROM app_webhooks WHERE id = ?', [delivery.webhookId])
      const [event] = await this.db.query('SELECT * FROM app_webhook_events WHERE id = ?', [delivery.eventId])
      if (hook && event) due.push({ delivery, webhook: toWebhook(hook, this.box), event: toWebhookEvent(event) })
    }
    return due.sort((a, b) => a.delivery.createdAt.getTime() - b.delivery.createdAt.getTime())
  }

  /** Records an attempt and releases the claim: `succeeded`, `retrying` at the next time, or `failed`. */
  async recordAttempt(deliveryId: string, outcome: WebhookAttemptOutcome): Promise<void> {
    const at = this.now().toISOString()
    const status = outcome.succeeded ? 'succeeded' : outcome.nextAttemptAt === null ? 'failed' : 'retrying'
    await this.db.query(
      `UPDATE app_webhook_deliveries SET status = ?, num_attempts = num_attempts + 1, next_attempt_at = ?, claimed_until = NULL,
       last_attempt_id = ?, last_attempt_code = ?, last_attempt_error = ?, last_attempt_status = ?, last_attempt_at = ?, updated_at = ?
       WHERE id = ?`,
      [status, outcome.succeeded ? null : outcome.nextAttemptAt?.toISOString() ?? null, outcome.attemptId, outcome.code, outcome.errorClass,
        outcome.succeeded ? 'succeeded' : 'failed', at, at, deliveryId],
    )
  }

  /** The earliest time an open delivery is due (claimed or not), or null when none is open. */
  async nextDueAt(): Promise<Date | null> {
    const rows = await this.db.query<{ due: unknown }>(`SELECT MIN(COALESCE(d.claimed_until, d.next_attempt_at)) AS due FROM app_webhook_deliveries d WHERE ${OPEN}`)
    const due = rows[0]?.due
    return due === null || due === undefined ? null : due instanceof Date ? due : new Date(String(due))
  }

  #sealed(value: string | null): string | null {
    return value === null ? null : this.box.seal(value)
  }

  async #trim(tx: SqlDriver, appId: string): Promise<void> {
    const old = await tx.query<{ id: string }>(
      `SELECT e.id FROM app_webhook_events e WHERE e.app_id = ?
       AND NOT EXISTS (SELECT 1 FROM app_webhook_deliveries d WHERE d.event_id = e.id AND ${OPEN})
       ORDER BY e.created_at DESC LIMIT ? OFFSET ?`,
      [appId, WEBHOOK_EVENTS_KEPT, WEBHOOK_EVENTS_KEPT],
    )
    for (const { id } of old) {
      await tx.query('DELETE FROM app_webhook_deliveries WHERE event_id = ?', [String(id)])
      await tx.query('DELETE FROM app_webhook_events WHERE id = ?', [String(id)])
    }
  }
}
