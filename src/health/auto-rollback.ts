import { isAutoRollback } from '../core/health/auto-rollback-actor.js'
import type { AutoRollbackSettings } from '../core/health/auto-rollback-settings.js'
import { decideRollback } from '../core/health/decide-rollback.js'
import { addCounts, countsBetween, emptyCounts, type ReleaseCounts } from '../core/health/release-counts.js'
import type { Release } from '../core/releases/release.js'
import type { Store } from '../store/store.js'
import type { ReleaseMeter } from './release-meter.js'

export interface AutoRollbackOptions {
  meter: Pick<ReleaseMeter, 'totals' | 'flush'>
  store: Pick<Store, 'getAutoRollback' | 'listReleaseMetrics'>
  /** Rolls the app back from `from` to `target` through the normal path; resolves with the new release (still pending), or null when it no longer should. */
  rollBack(appId: string, from: Release, target: number, reason: string): Promise<Release | null>
  /** How often a watched release is judged (default 5 s). */
  tickMs?: number
  /** How much of the replaced release's past is its baseline (default 5 minutes). */
  baselineMs?: number
  now?: () => number
  onError: (error: unknown, what: string) => void
}

/** Rates are judged over the last minute of the watch (or since cutover, before a minute has passed). */
const RECENT_MS = 60_000

interface Watch {
  release: Release
  replaced: Release
  settings: AutoRollbackSettings
  startedAt: number
  baseline: ReleaseCounts
  baselineSeconds: number
  /** Cumulative readings of the release's counts, oldest first: the first is cutover's. */
  readings: { at: number; counts: ReleaseCounts }[]
  timer: NodeJS.Timeout
}

/**
 * Watches each release that goes live, for its app's window (ADR 0014), and rolls it back through
 * the normal path when decideRollback says so. Never a rollback it made itself; a newer release
 * going live ends the watch of the one before. Watches live in memory: a restarted server watches
 * the releases that go live after it started.
 */
export class AutoRollback {
  readonly #watches = new Map<string, Watch>()
  /** Each app's release that went live last: the only one a watch may start for. */
  readonly #latest = new Map<string, string>()

  constructor(private readonly options: AutoRollbackOptions) {}

  /** A release became the app's current one, replacing `replaced` (null for the first). */
  wentLive(release: Release, replaced: Release | null): void {
    this.#end(release.appId)
    this.#latest.set(release.appId, release.id)
    // A release the watch made is never watched, so never rolled back in turn.
    if (isAutoRollback(release) || !replaced || replaced.id === release.id) return
    this.#watch(release, replaced).catch((error: unknown) => this.options.onError(error, `could not watch release v${release.version}`))
  }

  /** Whether a release of the app is being watched (for tests and the API). */
  watching(appId: string): number | null {
    return this.#watches.get(appId)?.release.version ?? null
  }

  stop(): void {
    for (const appId of [...this.#watches.keys()]) this.#end(appId)
  }

  async #watch(release: Release, replaced: Release): Promise<void> {
    const { store, meter } = this.options
    const settings = await store.getAutoRollback(release.appId)
    if (!settings.enabled) return
    const startedAt = this.#now()
    // Cutover's reading first, then the replaced release's recent past from the store.
    const atCutover = meter.totals(release.appId, release.version)
    await meter.flush()
    const baselineMs = this.options.baselineMs ?? 300_000
    const fromMinute = Math.floor((startedAt - baselineMs) / 60_000)
    const minutes = await store.listReleaseMetrics(release.appId, replaced.version, fromMinute)
    const baseline = minutes.reduce((sum, minute) => addCounts(sum, minute.counts), emptyCounts())
    const baselineSeconds = minutes.length === 0 ? 0 : Math.max(60, (startedAt - minutes[0]!.minute * 60_000) / 1000)
    // A newer release may have gone live while the store answered.
    if (this.#latest.get(release.appId) !== release.id) return
    const watch: Watch = {
      release, replaced, settings, startedAt, baseline, baselineSeconds, readings: [{ at: startedAt, counts: atCutover }],
      timer: setInterval(() => this.#judge(watch), this.options.tickMs ?? 5000),
    }
    watch.timer.unref()
    this.#watches.set(release.appId, watch)
  }

  #judge(watch: Watch): void {
    const { release, replaced, settings } = watch
    const now = this.#now()
    const counts = this.options.meter.totals(release.appId, release.version)
    watch.readings.push({ at: now, counts })
    // Cutover's reading, the newest that is a minute old or more, and those after it.
    while (watch.readings.length > 2 && watch.readings[2]!.at <= now - RECENT_MS) watch.readings.splice(1, 1)
    const from = watch.readings[1]!.at <= now - RECENT_MS ? watch.readings[1]! : watch.readings[0]!
    const decision = decideRollback(settings, {
      recent: countsBetween(counts, from.counts), recentSeconds: (now - from.at) / 1000,
      sinceCutover: countsBetween(counts, watch.readings[0]!.counts), sinceCutoverSeconds: (now - watch.startedAt) / 1000,
      baseline: watch.baseline, baselineSeconds: watch.baselineSeconds, baselineVersion: replaced.version,
    })
    if (decision.breach) {
      this.#end(release.appId)
      this.options.rollBack(release.appId, release, replaced.version, decision.reason)
        .catch((error: unknown) => this.options.onError(error, `could not roll back release v${release.version} automatically`))
      return
    }
    if (now - watch.startedAt >= settings.windowSeconds * 1000) this.#end(release.appId)
  }

  #end(appId: string): void {
    const watch = this.#watches.get(appId)
    if (!watch) return
    clearInterval(watch.timer)
    this.#watches.delete(appId)
  }

  #now(): number {
    return this.options.now?.() ?? Date.now()
  }
}
