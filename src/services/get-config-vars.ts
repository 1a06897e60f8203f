import type { Account } from '../core/accounts/account.js'
import type { ConfigVars } from '../core/config-vars/config-vars.js'
import { effectiveConfigVars } from '../core/releases/release.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** The app's config vars as of its latest release, add-on vars included. */
export async function getConfigVars(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<ConfigVars> {
  const app = await authorizeApp(deps, caller, appRef)
  const [latest] = await deps.store.listReleases(app.id, { order: 'desc', max: 1 })
  return latest ? effectiveConfigVars(latest) : {}
}
