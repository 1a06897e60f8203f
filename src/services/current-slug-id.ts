import type { App } from '../core/apps/app.js'
import type { Release } from '../core/releases/release.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * The slug the app serves now; rollback eligibility of slugless releases depends on it. Given the
 * release a service just rolled out, that release's slug if it went live, and otherwise the app's
 * current release read afresh (another release may have gone live meanwhile).
 */
export async function currentSlugId(deps: Pick<ServiceDeps, 'store'>, app: App, rolledOut?: Release): Promise<string | null> {
  if (rolledOut?.current) return rolledOut.slugId
  const currentReleaseId = rolledOut ? (await deps.store.findApp(app.id))?.currentReleaseId ?? null : app.currentReleaseId
  if (currentReleaseId === null) return null
  const current = await deps.store.getRelease(app.id, { kind: 'id', id: currentReleaseId })
  return current?.slugId ?? null
}
