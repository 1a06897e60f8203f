import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { ServiceDeps } from './service-deps.js'

/** Whether the caller may deploy to the app: an admin, its owner, or a collaborator. */
export async function isAppMember(deps: Pick<ServiceDeps, 'store'>, caller: Account, app: Pick<App, 'id' | 'ownerId'>): Promise<boolean> {
  return caller.isAdmin || app.ownerId === caller.id || deps.store.isCollaborator(app.id, caller.id)
}
