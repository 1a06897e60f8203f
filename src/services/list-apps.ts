import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { ServiceDeps } from './service-deps.js'

/** The apps the caller owns or collaborates on; `all` lists every app, for admins only. */
export async function listApps(deps: Pick<ServiceDeps, 'store'>, caller: Account, options: { all?: boolean } = {}): Promise<App[]> {
  return options.all && caller.isAdmin ? deps.store.listAllApps() : deps.store.listAppsForAccount(caller.id)
}
