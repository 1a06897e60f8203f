import { isAutoRollback } from '../core/health/auto-rollback-actor.js'
import type { AutoRollbackSettings } from '../core/health/auto-rollback-settings.js'
import { decideRollback } from '../core/health/decide-rollback.js'
import { addCounts, countsBetween, emptyCounts, type ReleaseCounts } from '../core/health/release-counts.js'
import type { Release } from '../core/releases/release.js'
import type { Store } from '../store/store.js'
import type { ReleaseMeter } from './release-meter.js'

export interface AutoRollbackOptions {
  meter: Pick<ReleaseMeter, 'totals' | 'flush'>
  store: Pick<Store, 'getAutoRollback' | 'listReleaseMetrics' | 'listReleases'>
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
  /** When the release went live: the window and the counts "since cutover" run from here. */
  cutoverAt: number
  /** What it counted since cutover before this process (a watch resumed after a restart), from the store. */
  before: ReleaseCounts
  baseline: ReleaseCounts
  baselineSeconds: number
  /** Cumulative readings of the release's counts in this process, oldest first: the first is the watch's start. */
  readings: { at: number; counts: ReleaseCounts }[]
  timer: NodeJS.Timeout
}

/**
 * Watches each release that goes live, for its app's window (ADR 0014), and rolls it back through
 * the normal path when decideRollback says so. Never a rollback it made itself; a newer release
 * going live ends the watch of the one before. Watches live in memory; a restarted server resumes
 * the watch of each app's current release for what is left of its window (`resumed`).
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

  /**
   * After a restart, the app's current release is serving again: if it went live within its
   * window, it is watched for the rest of it, against the release before it that went live, with
   * what it counted before the restart (in the store).
   */
  resumed(release: Release): void {
    if (isAutoRollback(release) || release.status !== 'succeeded' || !release.current) return
    this.#latest.set(release.appId, release.id)
    this.#resume(release).catch((error: unknown) => this.options.onError(error, `could not watch release v${release.version} again`))
  }

  /** Whether a release of the app is being watched (for tests and the API). */
  watching(appId: string): number | null {
    return this.#watches.get(appId)?.release.version ?? null
  }

  stop(): void {
    for (const appId of [...this.#watches.keys()]) this.#end(appId)
  }

  async #resume(release: Release): Promise<void> {
    const earlier = await this.options.store.listReleases(release.appId, { order: 'desc', max: 50 })
    // The one it replaced: the newest before it that went live (a failed release never did; an expired one cannot be rolled back to).
    const replaced = earlier.find((r) => r.version < release.version && r.status === 'succeeded')
    if (replaced) await this.#watch(release, replaced, release.updatedAt.getTime())
  }

  /** `cutoverAt`: when the release went live, for a watch resumed after a restart (now, otherwise). */
  async #watch(release: Release, replaced: Release, cutoverAt?: number): Promise<void> {
    const { store, meter } = this.options
    const settings = await store.getAutoRollback(release.appId)
    if (!settings.enabled) return
    const startedAt = this.#now()
    const cutover = cutoverAt ?? startedAt
    if (startedAt - cutover >= settings.windowSeconds * 1000) return
    // This process's reading first (all of it in the store after the flush), then the replaced release's recent past from the store.
    const atStart = meter.totals(release.appId, release.version)
    await meter.flush()
    const fromCutover = cutoverAt === undefined ? [] : await store.listReleaseMetrics(release.appId, release.version, Math.floor(cutover / 60_000))
    const before = countsBetween(fromCutover.reduce((sum, minute) => addCounts(sum, minute.counts), emptyCounts()), cutoverAt === undefined ? emptyCounts() : atStart)
    const baselineMs = this.options.baselineMs ?? 300_000
    const fromMinute = Math.floor((cutover - baselineMs) / 60_000)
    const minutes = await store.listReleaseMetrics(release.appId, replaced.version, fromMinute)
    const baseline = minutes.reduce((sum, minute) => addCounts(sum, minute.counts), emptyCounts())
    const baselineSeconds = minutes.length === 0 ? 0 : Math.max(60, (cutover - minutes[0]!.minute * 60_000) / 1000)
    // A newer release may have gone live while the store answered.
    if (this.#latest.get(release.appId) !== release.id) return
    const watch: Watch = {
      release, replaced, settings, cutoverAt: cutover, before, baseline, baselineSeconds, readings: [{ at: startedAt, counts: atStart }],
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
      sinceCutover: addCounts(countsBetween(counts, watch.readings[0]!.counts), watch.before), sinceCutoverSeconds: (now - watch.cutoverAt) / 1000,
      baseline: watch.baseline, baselineSeconds: watch.baselineSeconds, baselineVersion: replaced.version,
    })
    if (decision.breach) {
      this.#end(release.appId)
      this.options.rollBack(release.appId, release, replaced.version, decision.reason)
        .catch((error: unknown) => this.options.onError(error, `could not roll back release v${release.version} automatically`))
      return
    }
    if (now - watch.cutoverAt >= settings.windowSeconds * 1000) this.#end(release.appId)
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
