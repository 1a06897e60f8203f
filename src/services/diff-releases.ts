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
  /** Commits the change adds (forward) or takes away (back: the new code is an ancestor of the old), newest first. */
  commitLog: { direction: 'forward' | 'back'; commits: { sha: string; subject: string }[] }
}

/**
 * `releases:diff`: what changes from one release to another. `fromRef`
 * defaults to the release before `toRef`; either may be the newer one.
 */
export async function diffReleases(deps: Pick<ServiceDeps, 'store' | 'commits'>, caller: Account, appRef: string, toRef: string, fromRef?: string): Promise<ReleaseDiffReport> {
  const app = await authorizeApp(deps, caller, appRef)
  const find = async (ref: string) => {
    const release = await deps.store.getRelease(app.id, parseReleaseRef(ref))
    if (!release) throw notFound('release')
    return release
  }
  const to = await find(toRef)
  const from = fromRef === undefined ? await find(String(Math.max(1, to.version - 1))) : await find(fromRef)
  const [older, newer] = from.version <= to.version ? [from, to] : [to, from]
  const between = newer.version === older.version ? [] : await deps.store.listReleases(app.id, { order: 'asc', start: older.version, startExclusive: true, end: newer.version, max: MAX_BETWEEN })
  const diff = planDiff({ from, to, fromSlug: await slugFacts(deps, from), toSlug: await slugFacts(deps, to), between: between.slice(0, MAX_BETWEEN) })
  return { ...diff, app, commitLog: await commitLog(deps, app, diff) }
}

async function slugFacts(deps: Pick<ServiceDeps, 'store'>, release: Release): Promise<SlugFacts | null> {
  return release.slugId === null ? null : deps.store.getSlug(release.appId, release.slugId)
}

async function commitLog(deps: Pick<ServiceDeps, 'commits'>, app: App, diff: ReleaseDiff): Promise<ReleaseDiffReport['commitLog']> {
  const { from: a, to: b } = diff.commits
  if (a === null || b === null || a === b) return { direction: diff.from.version <= diff.to.version ? 'forward' : 'back', commits: [] }
  // Decided by the commits, not the versions: a rollback is a newer release with older code.
  const added = await deps.commits.log(app.id, a, b, MAX_COMMITS)
  if (added.length > 0) return { direction: 'forward', commits: added }
  return { direction: 'back', commits: await deps.commits.log(app.id, b, a, MAX_COMMITS) }
}
