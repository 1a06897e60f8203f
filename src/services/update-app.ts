import { actorOf, type Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { validateAppName } from '../core/apps/app-name.js'
import { parseStack } from '../core/apps/stack.js'
import { currentSlugId } from './current-slug-id.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

export interface UpdateAppInput {
  name?: string
  maintenance?: boolean
  /** A stack name or id: the stack of the next build. */
  buildStack?: string
}

/** Toggles maintenance, sets the next build's stack (any member), or renames the app (owner only). */
export async function updateApp(deps: ServiceDeps, caller: Account, idOrName: string, input: UpdateAppInput): Promise<App> {
  const renaming = input.name !== undefined
  const app = await authorizeApp(deps, caller, idOrName, renaming ? 'owner' : 'member')
  const name = renaming ? validateAppName(input.name) : undefined
  const buildStack = input.buildStack === undefined ? undefined : parseStack(input.buildStack).name
  // Heroku compat: an app never deployed takes the new stack at once; otherwise its next build does.
  const stack = buildStack !== undefined && (await currentSlugId(deps, app)) === null ? buildStack : undefined
  let updated: App
  try {
    updated = await deps.store.updateApp(app.id, { name: name === app.name ? undefined : name, maintenance: input.maintenance, buildStack, stack })
  } catch (error) {
    if (error instanceof PlatformError && error.id === 'conflict') throw new PlatformError('invalid_params', 'Name is already taken')
    throw error
  }
  if (input.maintenance !== undefined && input.maintenance !== app.maintenance) {
    logApiEvent(deps, app.id, `${input.maintenance ? 'Enable' : 'Disable'} maintenance mode by user ${caller.email}`)
  }
  if (updated.name !== app.name) logApiEvent(deps, app.id, `Rename from ${app.name} to ${updated.name} by user ${caller.email}`)
  deps.webhooks.publishChange(app.id, 'update', { entity: 'api:app', app: updated }, actorOf(caller), { entity: 'api:app', app })
  await deps.runtime.appChanged(app.id)
  return updated
}
