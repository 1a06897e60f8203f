import type { Account } from '../core/accounts/account.js'
import type { DynoMatch } from '../rollout/runtime.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import { requireDynoMatch } from './require-dyno-match.js'
import type { ServiceDeps } from './service-deps.js'

/** `ps:stop`: the dynos stop; those still in the formation are started again, as on Heroku. */
export async function stopDynos(deps: ServiceDeps, caller: Account, appRef: string, match: DynoMatch): Promise<void> {
  const app = await authorizeApp(deps, caller, appRef)
  requireDynoMatch(deps, app, match)
  logApiEvent(deps, app.id, `Stop ${match.name ?? match.type} by user ${caller.email}`)
  await deps.runtime.stop(app.id, match)
}
