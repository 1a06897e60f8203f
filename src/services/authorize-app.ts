import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import type { ServiceDeps } from './service-deps.js'

/** `member`: owner or collaborator; `owner`: destructive changes (destroy, rename, access). */
export type AppAccess = 'member' | 'owner'

/**
 * Loads an app by id or name and checks that the caller may act on it. Admins
 * operate the installation and may act on every app.
 */
export async function authorizeApp(deps: Pick<ServiceDeps, 'store'>, caller: Account, idOrName: string, access: AppAccess = 'member'): Promise<App> {
  const app = await deps.store.findApp(idOrName)
  if (!app) throw notFound('app')
  if (caller.isAdmin || app.ownerId === caller.id) return app
  // Non-members all get one answer, so it reveals nothing about the app.
  if (!(await deps.store.isCollaborator(app.id, caller.id))) throw new PlatformError('forbidden', 'You do not have access to this app.')
  if (access === 'owner') throw new PlatformError('forbidden', 'Only the app owner can do that.')
  return app
}
