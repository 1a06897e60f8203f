import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** `heroku certs`: the certificates the app brought, with the custom domains each one serves. */
export async function listSniEndpoints(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<{ app: App; endpoints: SniEndpoint[]; domains: CustomDomain[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  const [endpoints, domains] = await Promise.all([deps.store.listSniEndpoints(app.id), deps.store.listDomains(app.id)])
  return { app, endpoints, domains }
}
