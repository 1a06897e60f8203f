import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { notFound } from '../core/errors/platform-error.js'
import { listSniEndpoints } from './list-sni-endpoints.js'
import type { ServiceDeps } from './service-deps.js'

/** One of the app's certificates, by id or name (the CLI uses the name), with the domains it serves. */
export async function getSniEndpoint(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, endpointRef: string): Promise<{ app: App; endpoint: SniEndpoint; domains: CustomDomain[] }> {
  const { app, endpoints, domains } = await listSniEndpoints(deps, caller, appRef)
  const endpoint = endpoints.find((e) => e.id === endpointRef || e.name === endpointRef)
  if (!endpoint) throw notFound('sni_endpoint', 'SSL certificate')
  return { app, endpoint, domains: domains.filter((d) => d.sniEndpointId === endpoint.id) }
}
