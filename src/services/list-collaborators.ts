import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { Collaborator } from '../core/accounts/collaborator.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** The owner and collaborators of an app; any member may look. */
export async function listCollaborators(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<{ app: App; collaborators: Collaborator[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  return { app, collaborators: await deps.store.listCollaborators(app.id) }
}
