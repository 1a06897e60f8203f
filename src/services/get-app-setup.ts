import type { Account } from '../core/accounts/account.js'
import type { AppSetup } from '../core/app-setups/app-setup.js'
import type { App } from '../core/apps/app.js'
import type { Build } from '../core/builds/build.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * `GET /app-setups/:id`: the setup, its app and its build, for whoever made it and the app's
 * members (and admins). Anyone else gets the answer an unknown id gets.
 */
export async function getAppSetup(deps: Pick<ServiceDeps, 'store'>, caller: Account, id: string): Promise<{ setup: AppSetup; app: App; build: Build | null }> {
  const setup = isUuid(id) ? await deps.store.getAppSetup(id.toLowerCase()) : null
  if (!setup) throw notFound('app-setup', 'app setup')
  let app: App
  try {
    app = await authorizeApp(deps, caller, setup.appId)
  } catch (error) {
    if (!(error instanceof PlatformError && error.id === 'not_found') || setup.accountId !== caller.id) throw notFound('app-setup', 'app setup')
    // Its creator keeps reading it, even after leaving the app.
    app = (await deps.store.findApp(setup.appId))!
  }
  const build = setup.buildId ? await deps.store.getBuild(app.id, setup.buildId) : null
  return { setup, app, build }
}
