import type { Account } from '../core/accounts/account.js'
import { normalizeEmail } from '../core/accounts/email.js'
import type { App } from '../core/apps/app.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { Collaborator } from '../core/accounts/collaborator.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/** Gives an existing account access to the app. Owner only. */
export async function addCollaborator(deps: ServiceDeps, caller: Account, appRef: string, userEmail: unknown): Promise<{ app: App; collaborator: Collaborator }> {
  const app = await authorizeApp(deps, caller, appRef, 'owner')
  const email = normalizeEmail(userEmail)
  const found = await deps.store.findAccountByEmail(email)
  if (!found) throw new PlatformError('not_found', `Couldn't find a user with the email ${email}.`, { resource: 'user' })
  if (found.account.id === app.ownerId) throw new PlatformError('invalid_params', `${email} already owns this app.`)
  try {
    const collaborator = await deps.store.addCollaborator(app.id, found.account.id)
    logApiEvent(deps, app.id, `${email} added as a collaborator by user ${caller.email}`)
    return { app, collaborator }
  } catch (error) {
    if (error instanceof PlatformError && error.id === 'conflict') {
      throw new PlatformError('invalid_params', `${email} is already a collaborator on this app.`)
    }
    throw error
  }
}
