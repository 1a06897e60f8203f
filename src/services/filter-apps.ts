import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { ServiceDeps } from './service-deps.js'

/** Heroku's app filter (`POST /filters/apps`): of the apps with these ids, those the caller can see. */
export async function filterApps(deps: Pick<ServiceDeps, 'store'>, caller: Account, ids: readonly string[]): Promise<App[]> {
  const wanted = new Set(ids)
  const apps = caller.isAdmin ? await deps.store.listAllApps() : await deps.store.listAppsForAccount(caller.id)
  return apps.filter((app) => wanted.has(app.id))
}
