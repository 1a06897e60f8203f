import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** The app's custom domains (the `<app>.<domain>` one is implied). */
export async function listDomains(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<{ app: App; domains: CustomDomain[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  return { app, domains: await deps.store.listDomains(app.id) }
}
