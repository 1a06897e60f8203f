import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import type { ServiceDeps } from './service-deps.js'

/** `member`: owner or collaborator; `owner`: destructive changes (destroy, rename, access). */
export type AppAccess = 'member' | 'owner'

/**
 * Loads an app by id or name and checks that the caller may act on it. Admins
 * operate the installation and may act on every app. A caller who is neither
 * owner nor collaborator gets exactly the answer an app that does not exist
 * gets, so no route tells a stranger which apps exist.
 */
export async function authorizeApp(deps: Pick<ServiceDeps, 'store'>, caller: Account, idOrName: string, access: AppAccess = 'member'): Promise<App> {
  const app = await deps.store.findApp(idOrName)
  if (!app) throw notFound('app')
  if (caller.isAdmin || app.ownerId === caller.id) return app
  if (!(await deps.store.isCollaborator(app.id, caller.id))) throw notFound('app')
  // Collaborators know the app exists; they are told what only its owner may do.
  if (access === 'owner') throw new PlatformError('forbidden', 'Only the app owner can do that.')
  return app
}
