import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import { listSniEndpoints } from './list-sni-endpoints.js'
import type { ServiceDeps } from './service-deps.js'

/** One of the app's certificates, by id or name (the CLI uses the name), with the domains it serves. */
export async function getSniEndpoint(deps: Pick<ServiceDeps, 'store' | 'tls'>, caller: Account, appRef: string, endpointRef: string): Promise<{ app: App; endpoint: SniEndpoint; domains: CustomDomain[] }> {
  const { app, endpoints, domains } = await listSniEndpoints(deps, caller, appRef)
  const endpoint = endpoints.find((e) => e.id === endpointRef || e.name === endpointRef)
  if (!endpoint) throw notFound('sni_endpoint', 'SSL certificate')
  return { app, endpoint, domains: domains.filter((d) => (endpoint.acm ? d.id === endpoint.id : d.sniEndpointId === endpoint.id)) }
}

/** What changing a certificate ACM issued gets: it is ACM's to renew or drop. */
export function managedByAcm(name: string): PlatformError {
  return new PlatformError('invalid_params', `${name} is managed by Automated Certificate Management: turn it off with certs:auto:disable, or bring a certificate with certs:add.`)
}
