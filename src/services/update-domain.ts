import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { certificateCovers } from '../core/certs/checked-certificate.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import { getDomain } from './get-domain.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * `heroku domains:update --cert`: which of the app's certificates serves the domain (by endpoint id
 * or name), or none (null). Refused when the certificate does not cover the hostname.
 */
export async function updateDomain(deps: Pick<ServiceDeps, 'store' | 'tls' | 'logs'>, caller: Account, appRef: string, hostnameOrId: string, sniEndpoint: unknown): Promise<{ app: App; domain: CustomDomain; endpoints: SniEndpoint[] }> {
  const { app, domain, endpoints } = await getDomain(deps, caller, appRef, hostnameOrId)
  if (sniEndpoint !== null && typeof sniEndpoint !== 'string') throw new PlatformError('invalid_params', 'sni_endpoint must be the name or id of one of the app\'s SSL certificates, or null.')
  let endpointId: string | null = null
  if (sniEndpoint !== null) {
    const endpoint = endpoints.find((e) => e.id === sniEndpoint || e.name === sniEndpoint)
    if (!endpoint) throw notFound('sni_endpoint', 'SSL certificate')
    if (!certificateCovers(endpoint.domains, domain.hostname)) {
      throw new PlatformError('invalid_params', `SSL certificate ${endpoint.name} does not cover ${domain.hostname} (it covers ${endpoint.domains.join(', ')}).`)
    }
    endpointId = endpoint.id
  }
  const updated = await deps.store.setDomainSniEndpoint(domain.id, endpointId)
  if (!updated) throw notFound('domain')
  logApiEvent(deps, app.id, `Update ${domain.hostname} domain to use ${sniEndpoint === null ? 'no SSL certificate' : `SSL certificate ${String(sniEndpoint)}`} by user ${caller.email}`)
  deps.tls.changed()
  return { app, domain: updated, endpoints }
}
