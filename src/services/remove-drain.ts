import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound } from '../core/errors/platform-error.js'
import type { LogDrain } from '../core/logs/log-drain.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/** `drains:remove`: by URL, token or id. */
export async function removeDrain(deps: ServiceDeps, caller: Account, appRef: string, urlOrToken: string): Promise<{ app: App; drain: LogDrain }> {
  const app = await authorizeApp(deps, caller, appRef)
  const normalized = (() => {
    try {
      return new URL(urlOrToken).toString()
    } catch {
      return urlOrToken
    }
  })()
  const drain = (await deps.store.listDrains(app.id)).find((d) => [d.url, d.token, d.id].includes(normalized) || d.url === urlOrToken)
  if (!drain || !(await deps.store.removeDrain(app.id, drain.id))) throw notFound('log_drain', 'drain')
  logApiEvent(deps, app.id, `Remove drain ${drain.token} by user ${caller.email}`)
  await deps.logDrains.refresh(app.id)
  return { app, drain }
}
