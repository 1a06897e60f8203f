import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { checkBuildpackRefs } from '../core/builds/check-buildpack-refs.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** Sets the app's buildpacks (used from the next build on); no release is made, as on Heroku. */
export async function setBuildpacks(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, buildpacks: unknown): Promise<App> {
  const app = await authorizeApp(deps, caller, appRef)
  return deps.store.setAppBuildpacks(app.id, checkBuildpackRefs(buildpacks))
}
