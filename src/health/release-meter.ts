import { addCounts, countInBin, emptyCounts, serviceBin, type DynoEvent, type ReleaseCounts } from '../core/health/release-counts.js'
import type { LogLine, LogSink } from '../logs/log-sink.js'
import type { Store } from '../store/store.js'
import type { ReleaseMinute } from '../store/store-inputs.js'

export interface ReleaseMeterOptions {
  store: Pick<Store, 'addReleaseMetrics' | 'expireReleaseMetrics'>
  /** How often counted minutes go to the store (default 10 s). */
  flushMs?: number
  now?: () => number
  onError: (error: unknown, what: string) => void
}

// Berth's own words for a dyno's events (`heroku[web.1]` lines; an app's output is `app[…]` and cannot pose as them).
const EVENT_LINES: readonly [RegExp, DynoEvent][] = [
  [/^State changed from \w+ to crashed$/, 'crashes'],
  [/^Error R14 /, 'r14'],
  [/^Error R15 /, 'r15'],
]

const key = (appId: string, version: number) => `${appId}\n${version}`

/** How long counted minutes are kept (ADR 0014): 90 days, beyond any window the API reads by default. */
export const METRICS_RETENTION_MS = 90 * 86_400_000

/**
 * Counts what the router and the scheduler see of each release (ADR 0014), per app, release and
 * minute, in memory that stays bounded: each flush moves the counted minutes to the store, which
 * adds them to what it has. Beside that, each release's counts since this process started, for
 * the automatic rollback's watch (cheap to read, cumulative, so any two readings subtract).
 */
export class ReleaseMeter {
  readonly #unflushed = new Map<string, ReleaseMinute>()
  readonly #totals = new Map<string, { counts: ReleaseCounts; at: number }>()
  #flushing: Promise<void> = Promise.resolve()
  #timer: NodeJS.Timeout | null = null

  constructor(private readonly options: ReleaseMeterOptions) {}

  /** One request the router answered (or failed with an H-code) for a release. */
  readonly request = (appId: string, version: number, status: number, ms: number, code?: string): void => {
    const now = this.#now()
    const bin = serviceBin(ms)
    countInBin(this.#minute(appId, version, now), status, bin, code)
    countInBin(this.#total(appId, version, now), status, bin, code)
  }

  /** A dyno event of a release: a crash, R14 or R15. */
  event(appId: string, version: number, event: DynoEvent): void {
    const now = this.#now()
    this.#minute(appId, version, now)[event]++
    this.#total(appId, version, now)[event]++
  }

  /** The log sink with the scheduler's dyno events counted on the way through. */
  tap(logs: LogSink): LogSink {
    return {
      write: (line: LogLine) => {
        logs.write(line)
        if (line.source !== 'heroku' || line.releaseVersion === null || line.process === 'router' || line.process === 'api') return
        const event = EVENT_LINES.find(([pattern]) => pattern.test(line.message))?.[1]
        if (event) this.event(line.appId, line.releaseVersion, event)
      },
    }
  }

  /** A release's counts since this process started (a copy). */
  totals(appId: string, version: number): ReleaseCounts {
    const total = this.#totals.get(key(appId, version))
    return total ? addCounts(emptyCounts(), total.counts) : emptyCounts()
  }

  /** Moves the counted minutes to the store (one flush at a time); what the store refused is kept for the next. */
  flush(): Promise<void> {
    // After the one before, whether or not it failed.
    this.#flushing = this.#flushing.catch(() => undefined).then(async () => {
      const rows = [...this.#unflushed.values()]
      this.#unflushed.clear()
      try {
        await this.options.store.addReleaseMetrics(rows)
      } catch (error) {
        for (const row of rows) addCounts(this.#minute(row.appId, row.releaseVersion, row.minute * 60_000), row.counts)
        throw error
      }
    })
    return this.#flushing
  }

  start(): void {
    let expiredAt = 0
    this.#timer = setInterval(() => {
      this.flush().catch((error: unknown) => this.options.onError(error, 'could not store release metrics'))
      this.#forgetIdle()
      // Once an hour, minutes older than the retention go (the table would otherwise grow a row per release and minute forever).
      if (this.#now() - expiredAt >= 3_600_000) {
        expiredAt = this.#now()
        this.options.store.expireReleaseMetrics(Math.floor((this.#now() - METRICS_RETENTION_MS) / 60_000))
          .catch((error: unknown) => this.options.onError(error, 'could not expire old release metrics'))
      }
    }, this.options.flushMs ?? 10_000)
    this.#timer.unref()
  }

  /** Stops flushing on a timer, and flushes what is left. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await this.flush()
  }

  #now(): number {
    return this.options.now?.() ?? Date.now()
  }

  #minute(appId: string, version: number, now: number): ReleaseCounts {
    const minute = Math.floor(now / 60_000)
    const id = `${key(appId, version)}\n${minute}`
    let row = this.#unflushed.get(id)
    if (!row) {
      row = { appId, releaseVersion: version, minute, counts: emptyCounts() }
      this.#unflushed.set(id, row)
    }
    return row.counts
  }

  #total(appId: string, version: number, now: number): ReleaseCounts {
    let total = this.#totals.get(key(appId, version))
    if (!total) {
      total = { counts: emptyCounts(), at: now }
      this.#totals.set(key(appId, version), total)
    }
    total.at = now
    return total.counts
  }

  /** Totals of releases that have counted nothing for an hour go (old releases; their minutes are in the store). */
  #forgetIdle(): void {
    const before = this.#now() - 3_600_000
    for (const [id, total] of this.#totals) if (total.at < before) this.#totals.delete(id)
  }
}
