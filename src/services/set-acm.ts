import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound } from '../core/errors/platform-error.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * `certs:auto:enable`, `certs:auto:disable` and `certs:auto:refresh`: Automated Certificate
 * Management on (every custom domain ordered now), off (what ACM issued stops being served), or
 * refreshed (failing and failed domains tried again now).
 */
export async function setAcm(deps: Pick<ServiceDeps, 'store' | 'logs' | 'acm' | 'tls'>, caller: Account, appRef: string, action: 'enable' | 'disable' | 'refresh'): Promise<App> {
  const app = await authorizeApp(deps, caller, appRef)
  if (action === 'refresh') {
    for (const domain of await deps.store.listDomains(app.id)) {
      if (app.acm && domain.acm.status !== 'cert issued') await deps.store.markAcmPending(domain.id)
    }
  } else {
    await deps.store.setAppAcm(app.id, action === 'enable')
  }
  logApiEvent(deps, app.id, `${action === 'enable' ? 'Enable' : action === 'disable' ? 'Disable' : 'Refresh'} Automated Certificate Management by user ${caller.email}`)
  if (action === 'disable') deps.tls.changed()
  else deps.acm.wake()
  const updated = await deps.store.findApp(app.id)
  if (!updated) throw notFound('app')
  return updated
}
