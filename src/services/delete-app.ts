import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** Deletes an app and its whole history. Owner only. */
export async function deleteApp(deps: Pick<ServiceDeps, 'store'>, caller: Account, idOrName: string): Promise<App> {
  const app = await authorizeApp(deps, caller, idOrName, 'owner')
  await deps.store.deleteApp(app.id)
  return app
}
