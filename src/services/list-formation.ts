import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { Formation } from '../core/formation/formation.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** The app's process types and how many dynos of each should run. */
export async function listFormation(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<{ app: App; formation: Formation[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  return { app, formation: await deps.store.listFormation(app.id) }
}
