import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * `heroku certs:add`: stores a certificate the app brings, once checked (it parses, the key is its
 * own, the chain is in order, it is valid now and not self-signed); nothing is stored otherwise. It
 * serves the custom domains that name it (`domains:update --cert`).
 */
export async function createSniEndpoint(deps: Pick<ServiceDeps, 'store' | 'tls' | 'logs'>, caller: Account, appRef: string, chain: unknown, key: unknown): Promise<{ app: App; endpoint: SniEndpoint }> {
  const app = await authorizeApp(deps, caller, appRef)
  const cert = deps.tls.check(chain, key)
  const endpoint = await deps.store.createSniEndpoint(app.id, cert)
  logApiEvent(deps, app.id, `Add SSL certificate ${endpoint.name} (${cert.domains.join(', ')}) by user ${caller.email}`)
  return { app, endpoint }
}
