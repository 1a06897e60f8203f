import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound } from '../core/errors/platform-error.js'
import { parseReleaseRef } from '../core/releases/parse-release-ref.js'
import type { Release } from '../core/releases/release.js'
import { authorizeApp } from './authorize-app.js'
import { currentSlugId } from './current-slug-id.js'
import type { ServiceDeps } from './service-deps.js'

/** A release with what the edge shows it with: its app, and the slug the app serves now (for `eligible_for_rollback`). */
export interface AppRelease {
  app: App
  release: Release
  currentSlugId: string | null
}

/** A release by uuid, version, or `vN`. */
export async function getRelease(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, releaseRef: string): Promise<AppRelease> {
  const app = await authorizeApp(deps, caller, appRef)
  const release = await deps.store.getRelease(app.id, parseReleaseRef(releaseRef))
  if (!release) throw notFound('release')
  return { app, release, currentSlugId: await currentSlugId(deps, app) }
}
