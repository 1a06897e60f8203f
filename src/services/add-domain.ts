import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { checkDomainClaim, parseCustomDomain } from '../core/domains/custom-domain.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'
import { sniEndpointFor } from './sni-endpoint-for.js'

/**
 * Routes a custom hostname to the app; the router serves it at once. Refused: IP addresses,
 * localhost, Berth's own domain, and names nested with another account's domains (see
 * checkDomainClaim), which would hand this app traffic meant for others. `sniEndpoint` (`domains:add
 * --cert`) chooses its certificate, checked before anything is added.
 */
export async function addDomain(
  deps: ServiceDeps, caller: Account, appRef: string, hostname: unknown, platformDomain: string, sniEndpoint: unknown = null,
): Promise<{ app: App; domain: CustomDomain; endpoints: SniEndpoint[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  const host = parseCustomDomain(hostname)
  const endpoints = await deps.store.listSniEndpoints(app.id)
  const endpoint = sniEndpointFor(endpoints, sniEndpoint, host)
  let domain: CustomDomain
  try {
    // The app's owner is the tenant, whoever of its members adds the domain.
    domain = await deps.store.addDomain(app.id, host, (held) => checkDomainClaim(host, { ownerId: app.ownerId }, { platformDomain, held }))
  } catch (error) {
    if (error instanceof PlatformError && error.id === 'conflict') throw new PlatformError('invalid_params', `${host} is already in use by an app.`)
    throw error
  }
  if (endpoint) domain = (await deps.store.setDomainSniEndpoint(domain.id, endpoint.id)) ?? domain
  logApiEvent(deps, app.id, `Add ${host} domain${endpoint ? ` with SSL certificate ${endpoint.name}` : ''} by user ${caller.email}`)
  await deps.runtime.appChanged(app.id)
  if (endpoint) deps.tls.changed()
  if (!app.acm) return { app, domain, endpoints }
  // ACM orders its certificate at once.
  await deps.store.markAcmPending(domain.id)
  deps.acm.wake()
  return { app, domain: { ...domain, acm: { ...domain.acm, status: 'pending' } }, endpoints }
}
