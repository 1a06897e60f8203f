import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { validateAppName } from '../core/apps/app-name.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

export interface UpdateAppInput {
  name?: string
  maintenance?: boolean
}

/** Toggles maintenance (any member) or renames the app (owner only). */
export async function updateApp(deps: ServiceDeps, caller: Account, idOrName: string, input: UpdateAppInput): Promise<App> {
  const renaming = input.name !== undefined
  const app = await authorizeApp(deps, caller, idOrName, renaming ? 'owner' : 'member')
  const name = renaming ? validateAppName(input.name) : undefined
  let updated: App
  try {
    updated = await deps.store.updateApp(app.id, { name: name === app.name ? undefined : name, maintenance: input.maintenance })
  } catch (error) {
    if (error instanceof PlatformError && error.id === 'conflict') throw new PlatformError('invalid_params', 'Name is already taken')
    throw error
  }
  if (input.maintenance !== undefined && input.maintenance !== app.maintenance) {
    logApiEvent(deps, app.id, `${input.maintenance ? 'Enable' : 'Disable'} maintenance mode by user ${caller.email}`)
  }
  if (updated.name !== app.name) logApiEvent(deps, app.id, `Rename from ${app.name} to ${updated.name} by user ${caller.email}`)
  await deps.runtime.appChanged(app.id)
  return updated
}
