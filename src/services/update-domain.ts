import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { notFound } from '../core/errors/platform-error.js'
import { getDomain } from './get-domain.js'
import { logApiEvent } from './log-api-event.js'
import { sniEndpointFor } from './sni-endpoint-for.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * `heroku domains:update --cert`: which of the app's certificates serves the domain (by endpoint id
 * or name), or none (null). Refused when the certificate does not cover the hostname.
 */
export async function updateDomain(deps: Pick<ServiceDeps, 'store' | 'tls' | 'logs'>, caller: Account, appRef: string, hostnameOrId: string, sniEndpoint: unknown): Promise<{ app: App; domain: CustomDomain; endpoints: SniEndpoint[] }> {
  const { app, domain, endpoints } = await getDomain(deps, caller, appRef, hostnameOrId)
  const endpoint = sniEndpointFor(endpoints, sniEndpoint, domain.hostname)
  const updated = await deps.store.setDomainSniEndpoint(domain.id, endpoint?.id ?? null)
  if (!updated) throw notFound('domain')
  logApiEvent(deps, app.id, `Update ${domain.hostname} domain to use ${endpoint ? `SSL certificate ${endpoint.name}` : 'no SSL certificate'} by user ${caller.email}`)
  deps.tls.changed()
  return { app, domain: updated, endpoints }
}
