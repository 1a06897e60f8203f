import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { Dyno } from '../scheduler/scheduler.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** `ps`: the app's dynos as they run now, one-offs included. */
export async function listDynos(deps: Pick<ServiceDeps, 'store' | 'runtime'>, caller: Account, appRef: string): Promise<{ app: App; dynos: Dyno[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  return { app, dynos: deps.runtime.dynos(app.id) }
}
