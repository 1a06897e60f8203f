import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { checkDomainClaim, parseCustomDomain } from '../core/domains/custom-domain.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import type { CustomDomain } from '../core/domains/domain.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

/** The app's custom domains (the `<app>.<domain>` one is implied). */
export async function listDomains(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<{ app: App; domains: CustomDomain[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  return { app, domains: await deps.store.listDomains(app.id) }
}

/**
 * Routes a custom hostname to the app; the router serves it at once. Refused: IP addresses,
 * localhost, Berth's own domain, and names nested with another account's domains (see
 * checkDomainClaim), which would hand this app traffic meant for others.
 */
export async function addDomain(deps: ServiceDeps, caller: Account, appRef: string, hostname: unknown, platformDomain: string): Promise<{ app: App; domain: CustomDomain }> {
  const app = await authorizeApp(deps, caller, appRef)
  const host = parseCustomDomain(hostname)
  try {
    // The app's owner is the tenant, whoever of its members adds the domain.
    const domain = await deps.store.addDomain(app.id, host, (held) => checkDomainClaim(host, { ownerId: app.ownerId }, { platformDomain, held }))
    logApiEvent(deps, app.id, `Add ${host} domain by user ${caller.email}`)
    await deps.runtime.appChanged(app.id)
    return { app, domain }
  } catch (error) {
    if (error instanceof PlatformError && error.id === 'conflict') throw new PlatformError('invalid_params', `${host} is already in use by an app.`)
    throw error
  }
}

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
