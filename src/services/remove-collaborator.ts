import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import { notFound } from '../core/errors/platform-error.js'
import type { Collaborator } from '../core/accounts/collaborator.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/** Revokes a collaborator (by email or id). The owner may remove anyone; a collaborator may remove themselves. */
export async function removeCollaborator(deps: ServiceDeps, caller: Account, appRef: string, who: string): Promise<{ app: App; collaborator: Collaborator }> {
  const app = await authorizeApp(deps, caller, appRef)
  const collaborators = await deps.store.listCollaborators(app.id)
  const target = collaborators.find((c) => c.role === 'collaborator'
    && (isUuid(who) ? c.id === who.toLowerCase() || c.account.id === who.toLowerCase() : c.account.email === who.toLowerCase()))
  if (!target) throw notFound('collaborator')
  if (target.account.id !== caller.id) await authorizeApp(deps, caller, app.id, 'owner')
  await deps.store.removeCollaborator(app.id, target.account.id)
  logApiEvent(deps, app.id, `${target.account.email} removed as a collaborator by user ${caller.email}`)
  return { app, collaborator: target }
}
