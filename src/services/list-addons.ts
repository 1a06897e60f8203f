import type { Account } from '../core/accounts/account.js'
import type { Addon } from '../core/addons/addon.js'
import type { ServiceDeps } from './service-deps.js'

/** Every add-on on apps the caller belongs to (admins: every app). */
export async function listAddons(deps: Pick<ServiceDeps, 'store'>, caller: Account): Promise<Addon[]> {
  const addons = await deps.store.listAddons(caller.isAdmin ? {} : { memberId: caller.id })
  return addons.filter((a) => a.appId !== null)
}
