import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import { notFound } from '../core/errors/platform-error.js'
import { getSniEndpoint, managedByAcm } from './get-sni-endpoint.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/** `heroku certs:remove`: the router stops serving the certificate at once; its domains keep routing. */
export async function deleteSniEndpoint(deps: Pick<ServiceDeps, 'store' | 'tls' | 'logs'>, caller: Account, appRef: string, endpointRef: string): Promise<{ app: App; endpoint: SniEndpoint }> {
  const { app, endpoint } = await getSniEndpoint(deps, caller, appRef, endpointRef)
  if (endpoint.acm) throw managedByAcm(endpoint.name)
  if (!(await deps.store.deleteSniEndpoint(endpoint.id))) throw notFound('sni_endpoint', 'SSL certificate')
  logApiEvent(deps, app.id, `Remove SSL certificate ${endpoint.name} by user ${caller.email}`)
  deps.tls.changed()
  return { app, endpoint }
}
