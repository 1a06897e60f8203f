import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { notFound } from '../core/errors/platform-error.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/** `domains:remove`: by hostname or id; returns the domain as it was. */
export async function removeDomain(deps: ServiceDeps, caller: Account, appRef: string, hostnameOrId: string): Promise<{ app: App; domain: CustomDomain }> {
  const app = await authorizeApp(deps, caller, appRef)
  const host = hostnameOrId.toLowerCase()
  const domain = (await deps.store.listDomains(app.id)).find((d) => d.hostname === host || d.id === hostnameOrId)
  if (!domain || !(await deps.store.removeDomain(app.id, domain.hostname))) throw notFound('domain')
  logApiEvent(deps, app.id, `Remove ${domain.hostname} domain by user ${caller.email}`)
  await deps.runtime.appChanged(app.id)
  return { app, domain }
}
