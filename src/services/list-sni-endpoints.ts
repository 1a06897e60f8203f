import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * `heroku certs`: the certificates the app brought, with the custom domains each one serves, then
 * those ACM issued (Heroku lists them too, `acm: true`), one per domain.
 */
export async function listSniEndpoints(deps: Pick<ServiceDeps, 'store' | 'tls'>, caller: Account, appRef: string): Promise<{ app: App; endpoints: SniEndpoint[]; domains: CustomDomain[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  const [endpoints, domains, issued] = await Promise.all([deps.store.listSniEndpoints(app.id), deps.store.listDomains(app.id), deps.store.acmCertificates(app.id)])
  const acm = issued.map(({ domain, chain }): SniEndpoint => ({
    ...deps.tls.describe(chain), id: domain.id, appId: app.id, name: `acm-${domain.id.slice(0, 8)}`, chain, acm: true, createdAt: domain.updatedAt, updatedAt: domain.updatedAt,
  }))
  return { app, endpoints: [...endpoints, ...acm], domains }
}
