import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { notFound } from '../core/errors/platform-error.js'
import { getDomain } from './get-domain.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/** `domains:remove`: by hostname or id; returns the domain as it was. Its certificate stops being served. */
export async function removeDomain(deps: ServiceDeps, caller: Account, appRef: string, hostnameOrId: string): Promise<{ app: App; domain: CustomDomain; endpoints: SniEndpoint[] }> {
  const { app, domain, endpoints } = await getDomain(deps, caller, appRef, hostnameOrId)
  if (!(await deps.store.removeDomain(app.id, domain.hostname))) throw notFound('domain')
  logApiEvent(deps, app.id, `Remove ${domain.hostname} domain by user ${caller.email}`)
  await deps.runtime.appChanged(app.id)
  deps.tls.changed()
  return { app, domain, endpoints }
}
