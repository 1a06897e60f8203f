import type { App } from '../core/apps/app.js'
import type { ServiceDeps } from './service-deps.js'

/** The slug the app serves now; rollback eligibility of slugless releases depends on it. */
export async function currentSlugId(deps: Pick<ServiceDeps, 'store'>, app: App): Promise<string | null> {
  if (app.currentReleaseId === null) return null
  const current = await deps.store.getRelease(app.id, { kind: 'id', id: app.currentReleaseId })
  return current?.slugId ?? null
}
