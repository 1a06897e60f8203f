import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { changeAutoRollback, type AutoRollbackSettings } from '../core/health/auto-rollback-settings.js'
import { addCounts, emptyCounts, percentileMs, summarize, type ReleaseHealth } from '../core/health/release-counts.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import { parseReleaseRef } from '../core/releases/parse-release-ref.js'
import type { Release } from '../core/releases/release.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** The most a report covers: each release's last 30 days of counted traffic. */
const MAX_WINDOW_SECONDS = 30 * 86_400

/** One release's health over its recorded minutes (or the last `windowSeconds` of them), minute by minute too. */
export interface ReleaseHealthReport {
  release: Release
  /** The minutes counted (epoch minutes), oldest first; empty when nothing was. */
  from: Date | null
  to: Date | null
  health: ReleaseHealth
  minutes: { at: Date; requests: number; status5xx: number; p95Ms: number | null }[]
}

export interface ReleaseMetrics extends ReleaseHealthReport {
  app: App
  /** The release it is compared with: `compare`, or the one before it. */
  compare: ReleaseHealthReport | null
}

/**
 * `GET /apps/:app/releases/:release/metrics` (Berth's, ADR 0014): what the router and the
 * scheduler counted of a release, beside another one (the release before it unless `compare`
 * names one), over each one's last `windowSeconds` of traffic (at most, and by default, 30 days).
 */
export async function getReleaseMetrics(deps: Pick<ServiceDeps, 'store' | 'releaseMeter'>, caller: Account, appRef: string, releaseRef: string,
  options: { compare?: string; windowSeconds?: number } = {}): Promise<ReleaseMetrics> {
  const app = await authorizeApp(deps, caller, appRef)
  const find = async (ref: string) => {
    const release = await deps.store.getRelease(app.id, parseReleaseRef(ref))
    if (!release) throw notFound('release')
    return release
  }
  if (options.windowSeconds !== undefined && !(Number.isInteger(options.windowSeconds) && options.windowSeconds >= 60 && options.windowSeconds <= MAX_WINDOW_SECONDS)) {
    throw new PlatformError('invalid_params', `window must be a whole number of seconds from 60 to ${MAX_WINDOW_SECONDS}`)
  }
  const windowMinutes = Math.ceil((options.windowSeconds ?? MAX_WINDOW_SECONDS) / 60)
  const release = await find(releaseRef)
  const compare = options.compare !== undefined ? await find(options.compare) : release.version > 1 ? await find(String(release.version - 1)) : null
  // What the meter counted and has not stored yet counts too.
  await deps.releaseMeter?.flush()
  const report = async (of: Release): Promise<ReleaseHealthReport> => {
    // A release that served for a year has half a million minutes: read only those the window can hold.
    let minutes = await deps.store.listReleaseMetrics(app.id, of.version, 0, windowMinutes)
    const last = minutes.at(-1)?.minute
    if (last !== undefined) minutes = minutes.filter((m) => m.minute > last - windowMinutes)
    const total = minutes.reduce((sum, m) => addCounts(sum, m.counts), emptyCounts())
    return {
      release: of,
      from: minutes[0] ? new Date(minutes[0].minute * 60_000) : null,
      to: minutes.at(-1) ? new Date((minutes.at(-1)!.minute + 1) * 60_000) : null,
      health: summarize(total),
      minutes: minutes.map((m) => ({ at: new Date(m.minute * 60_000), requests: m.counts.requests, status5xx: m.counts.status['5xx'], p95Ms: percentileMs(m.counts.serviceBins, 0.95) })),
    }
  }
  return { app, ...await report(release), compare: compare && compare.id !== release.id ? await report(compare) : null }
}

/** The app's automatic rollback settings. */
export async function getAutoRollback(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<{ app: App; settings: AutoRollbackSettings }> {
  const app = await authorizeApp(deps, caller, appRef)
  return { app, settings: await deps.store.getAutoRollback(app.id) }
}

/** Changes them: the fields given, each checked; the next release to go live is watched by the new settings. */
export async function updateAutoRollback(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, patch: Record<string, unknown>): Promise<{ app: App; settings: AutoRollbackSettings }> {
  const app = await authorizeApp(deps, caller, appRef)
  const settings = changeAutoRollback(await deps.store.getAutoRollback(app.id), patch)
  return { app, settings: await deps.store.setAutoRollback(app.id, settings) }
}
