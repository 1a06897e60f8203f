import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** The app's custom domains (the `<app>.<domain>` one is implied), with the certificates they may name. */
export async function listDomains(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<{ app: App; domains: CustomDomain[]; endpoints: SniEndpoint[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  const [domains, endpoints] = await Promise.all([deps.store.listDomains(app.id), deps.store.listSniEndpoints(app.id)])
  return { app, domains, endpoints }
}
