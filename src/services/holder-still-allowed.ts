import type { CapabilityGrant } from '../core/capabilities/capability.js'
import { heldAccess } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Whether the holder of a grant still has the access it was issued under (account, API token, app),
 * expiry aside: a stream opened in time keeps going until this turns false.
 */
export async function holderStillAllowed(deps: Pick<ServiceDeps, 'clock' | 'store'>, grant: CapabilityGrant): Promise<boolean> {
  return (await heldAccess(deps, grant)) !== null
}
