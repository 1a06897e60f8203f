import type { CapabilityGrant } from '../core/capabilities/capability.js'
import type { LogSessionFilter } from '../logs/log-session-filter.js'
import { capabilityGone, redeemCapability } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

/** The session a logplex_url stands for, and its grant (to re-check access while it streams); not_found when forged, expired or revoked. */
export async function openLogSession(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store'>, id: string, token: string): Promise<{ session: LogSessionFilter; grant: CapabilityGrant }> {
  const { grant, app } = await redeemCapability(deps, token, { resource: 'log-session', id, method: 'GET' })
  const terms = grant.terms ?? {}
  if (!app) throw capabilityGone('log-session')
  const session: LogSessionFilter = {
    appId: app.id,
    lines: Number(terms.lines) || 0,
    tail: terms.tail === true,
    source: typeof terms.source === 'string' ? terms.source : null,
    dyno: typeof terms.dyno === 'string' ? terms.dyno : null,
    release: typeof terms.release === 'number' ? terms.release : null,
    expiresAt: grant.expiresAt,
  }
  return { session, grant }
}
