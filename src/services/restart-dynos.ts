import type { Account } from '../core/accounts/account.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { BootFailure, type DynoMatch } from '../rollout/runtime.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import { requireDynoMatch } from './require-dyno-match.js'
import type { ServiceDeps } from './service-deps.js'

/** `ps:restart`: all dynos, a type, or one dyno; a whole type restarts without dropping requests. */
export async function restartDynos(deps: ServiceDeps, caller: Account, appRef: string, match: DynoMatch): Promise<void> {
  const app = await authorizeApp(deps, caller, appRef)
  requireDynoMatch(deps, app, match)
  logApiEvent(deps, app.id, `Restart ${match.name ?? match.type ?? 'all'} by user ${caller.email}`)
  try {
    await deps.runtime.restart(app.id, match)
  } catch (error) {
    if (!(error instanceof BootFailure)) throw error
    throw new PlatformError('unavailable', `The restarted dynos did not come up (${error.message}); the dynos that were running keep serving. See the app's logs.`)
  }
}
