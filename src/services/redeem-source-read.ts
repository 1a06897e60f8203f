import { redeemCapability, type Redeemed } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

/** Checks a source's get_url token, as a build does before it reads the source. */
export function redeemSourceRead(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store'>, id: string, token: string): Promise<Redeemed> {
  return redeemCapability(deps, token, { resource: 'source', id, method: 'GET' })
}
