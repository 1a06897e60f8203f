import { CoalescedRuns } from '../concurrency/coalesced-runs.js'
import type { CustomDomain } from '../core/domains/domain.js'
import type { LogSink } from '../logs/log-sink.js'
import type { Store } from '../store/store.js'
import type { IssuedCertificate } from './acme-orders.js'

export interface AcmManagerOptions {
  store: Pick<Store, 'dueAcmDomains' | 'claimAcm' | 'recordAcm'>
  orders: { order(hostname: string): Promise<IssuedCertificate> }
  logs: LogSink
  /** Tells the router's certificate book to read again. */
  certificates: { changed(): void }
  onError: (error: unknown, what: string) => void
  /** How often to look for due domains (default 30 s; `wake()` looks at once). */
  pollMs?: number
  /** The first retry's delay; each failure doubles it, up to 6 hours (default a minute). */
  retryBaseMs?: number
  /** Renew this long before expiry (default 30 days). */
  renewBeforeMs?: number
}

const DAY_MS = 86_400_000
const MAX_RETRY_MS = 6 * 3_600_000
// After this many failures in a row a domain is `failed`: tried again on `certs:auto:refresh`.
const MAX_ATTEMPTS = 8
// How long a node holds a domain's order before another may take it over (it crashed).
const CLAIM_MS = 10 * 60_000
const MAX_REASON_LENGTH = 300

/**
 * Automated Certificate Management: orders a certificate for each custom domain of an app with ACM
 * on, renews it 30 days before it expires, and on failure tries again with backoff (doubling from a
 * minute, up to 6 hours; `failed` after 8 tries in a row), keeping the reason for `certs:auto` and
 * writing each outcome to the app's log. All of it lives in the store, so several Berth nodes share
 * the work: each domain's order is claimed by one node at a time.
 */
export class AcmManager {
  #timer: NodeJS.Timeout | null = null
  readonly #looks: CoalescedRuns

  constructor(private readonly options: AcmManagerOptions) {
    this.#looks = new CoalescedRuns(() => this.runOnce(), (error) => options.onError(error, 'automated certificate management failed'))
  }

  start(): void {
    this.#timer = setInterval(() => this.wake(), this.options.pollMs ?? 30_000)
    this.#timer.unref()
    this.wake()
  }

  /** Stops looking; an order under way finishes or fails on its own (its claim lapses if the store closes first). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
  }

  /** Looks for due domains now (a domain was added, ACM turned on or refreshed), or once more after the look under way. */
  wake(): void {
    this.#looks.request()
  }

  /** Orders what is due, one domain after another. */
  async runOnce(): Promise<void> {
    const { store } = this.options
    const due = await store.dueAcmDomains(new Date(Date.now() + (this.options.renewBeforeMs ?? 30 * DAY_MS)))
    for (const { domain } of due) {
      if (!(await store.claimAcm(domain.id, new Date(Date.now() + CLAIM_MS)))) continue
      await this.#order(domain)
    }
  }

  async #order(domain: CustomDomain): Promise<void> {
    const { store, logs } = this.options
    const log = (message: string) => logs.write({ appId: domain.appId, source: 'app', process: 'api', message, releaseVersion: null })
    if (domain.hostname.startsWith('*.')) {
      const reason = 'A wildcard domain cannot be validated over HTTP-01: bring its certificate with certs:add.'
      await store.recordAcm(domain.id, { kind: 'failed', reason, nextAttemptAt: null }, domain.acm.attempts + 1)
      return log(`ACM: no certificate for ${domain.hostname}: ${reason}`)
    }
    try {
      const issued = await this.options.orders.order(domain.hostname)
      await store.recordAcm(domain.id, { kind: 'issued', ...issued }, 0)
      this.options.certificates.changed()
      log(`ACM: ${domain.acm.status === 'cert issued' ? 'renewed' : 'issued'} the certificate for ${domain.hostname}, valid until ${issued.expiresAt.toISOString()}`)
    } catch (error) {
      const attempts = domain.acm.attempts + 1
      const reason = describe(error)
      if (attempts >= MAX_ATTEMPTS) {
        await store.recordAcm(domain.id, { kind: 'failed', reason, nextAttemptAt: null }, attempts)
        return log(`ACM: could not get a certificate for ${domain.hostname} after ${attempts} attempts: ${reason}. Run certs:auto:refresh to try again.`)
      }
      const delay = Math.min((this.options.retryBaseMs ?? 60_000) * 2 ** (attempts - 1), MAX_RETRY_MS)
      await store.recordAcm(domain.id, { kind: 'failing', reason, nextAttemptAt: new Date(Date.now() + delay) }, attempts)
      log(`ACM: could not get a certificate for ${domain.hostname} (attempt ${attempts}): ${reason}. Trying again in ${Math.round(delay / 1000)} s.`)
    }
  }
}

// The ACME server's problem detail, on one line and bounded; a rate limit says so.
function describe(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim() || 'the ACME server refused the order'
  const limited = /rateLimited|too many/i.test(text) ? 'Rate limited by the certificate authority: ' : ''
  return (limited + text).slice(0, MAX_REASON_LENGTH)
}
