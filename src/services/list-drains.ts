import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { LogDrain } from '../core/logs/log-drain.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** `drains`: the app's log drains. */
export async function listDrains(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<{ app: App; drains: LogDrain[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  return { app, drains: await deps.store.listDrains(app.id) }
}
