import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { notFound } from '../core/errors/platform-error.js'
import { listDomains } from './list-domains.js'
import type { ServiceDeps } from './service-deps.js'

/** One custom domain of the app, by hostname or id (the CLI polls by id), with the app's certificates. */
export async function getDomain(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, hostnameOrId: string): Promise<{ app: App; domain: CustomDomain; endpoints: SniEndpoint[] }> {
  const { app, domains, endpoints } = await listDomains(deps, caller, appRef)
  const host = hostnameOrId.toLowerCase()
  const domain = domains.find((d) => d.hostname === host || d.id === hostnameOrId)
  if (!domain) throw notFound('domain')
  return { app, domain, endpoints }
}
