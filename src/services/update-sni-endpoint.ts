import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { certificateCovers } from '../core/certs/checked-certificate.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import { getSniEndpoint, managedByAcm } from './get-sni-endpoint.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * `heroku certs:update`: replaces an endpoint's certificate (a renewal), checked as on create. The
 * new one must still cover every domain the endpoint serves; the router serves it from the next handshake.
 */
export async function updateSniEndpoint(deps: Pick<ServiceDeps, 'store' | 'tls' | 'logs'>, caller: Account, appRef: string, endpointRef: string, chain: unknown, key: unknown): Promise<{ app: App; endpoint: SniEndpoint; domains: CustomDomain[] }> {
  const { app, endpoint, domains } = await getSniEndpoint(deps, caller, appRef, endpointRef)
  if (endpoint.acm) throw managedByAcm(endpoint.name)
  const cert = deps.tls.check(chain, key)
  const uncovered = domains.filter((d) => !certificateCovers(cert.domains, d.hostname))
  if (uncovered.length > 0) {
    throw new PlatformError('invalid_params', `The certificate does not cover ${uncovered.map((d) => d.hostname).join(', ')}, which ${endpoint.name} serves (it covers ${cert.domains.join(', ')}).`)
  }
  const updated = await deps.store.updateSniEndpoint(endpoint.id, cert)
  if (!updated) throw notFound('sni_endpoint', 'SSL certificate')
  logApiEvent(deps, app.id, `Update SSL certificate ${endpoint.name} by user ${caller.email}`)
  deps.tls.changed()
  return { app, endpoint: updated, domains }
}
