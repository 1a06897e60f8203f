import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { Build } from '../core/builds/build.js'
import { notFound } from '../core/errors/platform-error.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** One of the app's builds, by id. */
export async function getBuild(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, buildId: string): Promise<{ app: App; build: Build }> {
  const app = await authorizeApp(deps, caller, appRef)
  const build = isUuid(buildId) ? await deps.store.getBuild(app.id, buildId.toLowerCase()) : null
  if (!build) throw notFound('build')
  return { app, build }
}
