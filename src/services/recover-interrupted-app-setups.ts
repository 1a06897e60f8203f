import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

export const INTERRUPTED_SETUP_MESSAGE = 'The server stopped during this app setup; the app stays. Deploy it again, or destroy it and set it up again.'

/**
 * At start, before anything resumes: app setups still pending from before `startedAt` were driven by a
 * process that is gone, so they fail with why (their builds fail with recoverInterruptedBuilds).
 */
export async function recoverInterruptedAppSetups(deps: Pick<ServiceDeps, 'store' | 'logs'>, startedAt: Date): Promise<number> {
  const setups = await deps.store.failInterruptedAppSetups(startedAt, INTERRUPTED_SETUP_MESSAGE)
  for (const setup of setups) logApiEvent(deps, setup.appId, `App setup ${setup.id} failed: the server stopped during it`)
  return setups.length
}
