import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

export async function getApp(deps: Pick<ServiceDeps, 'store'>, caller: Account, idOrName: string): Promise<App> {
  return authorizeApp(deps, caller, idOrName)
}
