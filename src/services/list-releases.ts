import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { Release } from '../core/releases/release.js'
import type { ReleasePage } from '../store/store-inputs.js'
import { authorizeApp } from './authorize-app.js'
import { currentSlugId } from './current-slug-id.js'
import type { ServiceDeps } from './service-deps.js'

export interface ReleaseList {
  app: App
  releases: Release[]
  /** Whether releases remain beyond this page. */
  more: boolean
  currentSlugId: string | null
}

/** One page of an app's releases by version; the cost is bounded by `max`, not history length. */
export async function listReleases(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, page: ReleasePage): Promise<ReleaseList> {
  const app = await authorizeApp(deps, caller, appRef)
  const rows = await deps.store.listReleases(app.id, page)
  return { app, releases: rows.slice(0, page.max), more: rows.length > page.max, currentSlugId: await currentSlugId(deps, app) }
}
