import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound } from '../core/errors/platform-error.js'
import { diffReleases as planDiff, type ReleaseDiff, type SlugFacts } from '../core/releases/diff-releases.js'
import { parseReleaseRef } from '../core/releases/parse-release-ref.js'
import type { Release } from '../core/releases/release.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

const MAX_COMMITS = 100
const MAX_BETWEEN = 1000

export interface ReleaseDiffReport extends ReleaseDiff {
  app: App
  /** The app `from` belongs to: `app` itself, or another app across a pipeline (`?from_app=`). */
  fromApp: App
  /** Commits the change adds (forward) or takes away (back: the new code is an ancestor of the old), newest first. */
  commitLog: { direction: 'forward' | 'back'; commits: { sha: string; subject: string }[] }
}

/**
 * `releases:diff`: what changes from one release to another. `fromRef`
 * defaults to the release before `toRef`; either may be the newer one. With
 * `fromApp`, `from` is that app's release (its current one by default): what
 * promoting `toRef` to it would change (`pipelines:diff`).
 */
export async function diffReleases(deps: Pick<ServiceDeps, 'store' | 'commits'>, caller: Account, appRef: string, toRef: string, fromRef?: string, options: { fromApp?: string } = {}): Promise<ReleaseDiffReport> {
  const app = await authorizeApp(deps, caller, appRef)
  const fromApp = options.fromApp === undefined ? app : await authorizeApp(deps, caller, options.fromApp)
  const find = async (owner: App, ref: string) => {
    const release = await deps.store.getRelease(owner.id, parseReleaseRef(ref))
    if (!release) throw notFound('release')
    return release
  }
  const to = await find(app, toRef)
  if (fromApp.id !== app.id) {
    const from = fromRef !== undefined ? await find(fromApp, fromRef) : fromApp.currentReleaseId === null ? await find(fromApp, '1') : await find(fromApp, fromApp.currentReleaseId)
    const diff = planDiff({ from, to, fromSlug: await slugFacts(deps, from), toSlug: await slugFacts(deps, to), between: [] })
    return { ...diff, app, fromApp, commitLog: await commitLog(deps, [app, fromApp], diff) }
  }
  const from = fromRef === undefined ? await find(app, String(Math.max(1, to.version - 1))) : await find(app, fromRef)
  const [older, newer] = from.version <= to.version ? [from, to] : [to, from]
  const between = newer.version === older.version ? [] : await deps.store.listReleases(app.id, { order: 'asc', start: older.version, startExclusive: true, end: newer.version, max: MAX_BETWEEN })
  const diff = planDiff({ from, to, fromSlug: await slugFacts(deps, from), toSlug: await slugFacts(deps, to), between: between.slice(0, MAX_BETWEEN) })
  return { ...diff, app, fromApp, commitLog: await commitLog(deps, [app], diff) }
}

async function slugFacts(deps: Pick<ServiceDeps, 'store'>, release: Release): Promise<SlugFacts | null> {
  return release.slugId === null ? null : deps.store.getSlug(release.appId, release.slugId)
}

/** The commit log from the first of the apps' repositories that knows both commits (across apps, when they share history). */
async function commitLog(deps: Pick<ServiceDeps, 'commits'>, repos: App[], diff: ReleaseDiff): Promise<ReleaseDiffReport['commitLog']> {
  const { from: a, to: b } = diff.commits
  const direction = diff.from.version <= diff.to.version || diff.from.appId !== diff.to.appId ? 'forward' : 'back'
  if (a === null || b === null || a === b) return { direction, commits: [] }
  for (const repo of repos) {
    // Decided by the commits, not the versions: a rollback is a newer release with older code.
    const added = await deps.commits.log(repo.id, a, b, MAX_COMMITS)
    if (added.length > 0) return { direction: 'forward', commits: added }
    const taken = await deps.commits.log(repo.id, b, a, MAX_COMMITS)
    if (taken.length > 0) return { direction: 'back', commits: taken }
  }
  return { direction, commits: [] }
}
