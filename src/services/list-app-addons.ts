import type { Account } from '../core/accounts/account.js'
import type { Addon } from '../core/addons/addon.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** The app's add-ons, attached or on their way out. */
export async function listAppAddons(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<Addon[]> {
  const app = await authorizeApp(deps, caller, appRef)
  return deps.store.listAddons({ appId: app.id })
}
