import { randomUUID } from 'node:crypto'
import { CoalescedRuns } from '../concurrency/coalesced-runs.js'
import { planWebhookRetry } from '../core/webhooks/plan-webhook-retry.js'
import type { OutboundGuard } from '../outbound/outbound-guard.js'
import { postOutbound } from '../outbound/post-outbound.js'
import type { Store } from '../store/store.js'
import type { DueWebhookDelivery } from '../store/store-results.js'
import { webhookRequest } from './webhook-request.js'

export interface WebhookDispatcherOptions {
  store: Pick<Store, 'claimWebhookDeliveries' | 'recordWebhookAttempt' | 'nextWebhookDueAt'>
  /** Checked at every connection: the receiver's address must be public (or allowed). */
  outbound: Pick<OutboundGuard, 'resolve'>
  /** CA certificates to trust for HTTPS receivers instead of Node's (BERTH_WEBHOOK_CA_FILE, with Node's). */
  ca?: string[]
  /** One step of the retry schedule (planWebhookRetry). */
  retryStepMs: number
  userAgent: string
  onError: (error: unknown, what: string) => void
  /** Attempts in flight at once. */
  concurrency?: number
  /** One attempt, connection to the end of the answer. */
  timeoutMs?: number
  now?: () => Date
}

/** The longest the dispatcher sleeps without looking at the queue (another node may have queued). */
const IDLE_LOOK_MS = 30_000

/**
 * Delivers queued webhook deliveries: claims what is due from the store, posts each through the
 * outbound guard with a bounded pool and a per-attempt deadline, records every attempt, and
 * schedules the retry. It runs beside the API and never in a request, so a slow or failing
 * receiver costs a pool slot and nothing else. A claim outlives its attempt's deadline, so a
 * server killed mid-attempt leaves the delivery to be tried again once the claim runs out.
 */
export class WebhookDispatcher {
  readonly #runs: CoalescedRuns
  readonly #inFlight = new Set<Promise<void>>()
  #timer: NodeJS.Timeout | null = null
  #closed = false

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.#runs = new CoalescedRuns(() => this.#cycle(), (error) => {
      options.onError(error, 'webhook delivery failed to look for due deliveries')
      // Nothing else may wake it (retries wait on this timer, not on new events): look again a step later.
      this.#lookIn(options.retryStepMs)
    })
  }

  /** Looks for due deliveries now (at start, and whenever an event was queued). */
  wake(): void {
    if (!this.#closed) this.#runs.request()
  }

  /**
   * Stops claiming. Attempts in flight end within their deadline; one the store can no longer
   * record keeps its claim and is tried again, by whichever node, once the claim runs out.
   */
  stop(): void {
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
  }

  async #cycle(): Promise<void> {
    const concurrency = this.options.concurrency ?? 8
    const free = concurrency - this.#inFlight.size
    if (this.#closed || free <= 0) return
    const claimFor = (this.options.timeoutMs ?? 10_000) + 5_000
    const due = await this.options.store.claimWebhookDeliveries(new Date(this.#now().getTime() + claimFor), free)
    for (const item of due) {
      const attempt: Promise<void> = this.#attempt(item)
        .catch((error: unknown) => this.options.onError(error, 'could not record a webhook delivery attempt'))
        .then(() => {
          this.#inFlight.delete(attempt)
          this.wake()
        })
      this.#inFlight.add(attempt)
    }
    if (due.length < free) await this.#sleep()
  }

  async #sleep(): Promise<void> {
    const next = await this.options.store.nextWebhookDueAt()
    this.#lookIn(next === null ? IDLE_LOOK_MS : Math.min(IDLE_LOOK_MS, Math.max(10, next.getTime() - this.#now().getTime())))
  }

  #lookIn(delayMs: number): void {
    if (this.#timer) clearTimeout(this.#timer)
    if (this.#closed) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.wake()
    }, delayMs)
    this.#timer.unref()
  }

  async #attempt({ delivery, webhook, event }: DueWebhookDelivery): Promise<void> {
    const attemptId = randomUUID()
    const { body, headers } = webhookRequest({ webhook, delivery, event, attemptId, sentAt: this.#now(), userAgent: this.options.userAgent })
    let code: number | null = null
    let errorClass: string | null = null
    try {
      code = await postOutbound({ url: new URL(webhook.url), body, headers, outbound: this.options.outbound, ca: this.options.ca, timeoutMs: this.options.timeoutMs ?? 10_000 })
    } catch (error) {
      errorClass = errorClassOf(error)
    }
    const succeeded = code !== null && code >= 200 && code < 300
    const nextAttemptAt = succeeded ? null : planWebhookRetry({
      level: webhook.level, attempts: delivery.numAttempts + 1, createdAt: delivery.createdAt, now: this.#now(), stepMs: this.options.retryStepMs,
    })
    await this.options.store.recordWebhookAttempt(delivery.id, { attemptId, code, errorClass, succeeded, nextAttemptAt })
  }

  #now(): Date {
    return this.options.now?.() ?? new Date()
  }
}

/** What a failed attempt is recorded as: the socket's code (`ECONNREFUSED`), or the error's name (`Timeout`, `OutboundRefused`). */
function errorClassOf(error: unknown): string {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code)) return code
  return error instanceof Error ? error.name.slice(0, 64) : 'Error'
}
