import type { CapabilityGrant } from '../core/capabilities/capability.js'
import type { Release } from '../core/releases/release.js'
import { capabilityGone, redeemCapability } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

/** The release whose output a token reads; not_found (as "not started yet") for any bad token. */
export async function redeemReleaseOutput(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store'>, releaseId: string, token: string): Promise<{ release: Release; grant: CapabilityGrant }> {
  const { app, grant } = await redeemCapability(deps, token, { resource: 'release-output', id: releaseId, method: 'GET' })
  const release = app && (await deps.store.getRelease(app.id, { kind: 'id', id: releaseId.toLowerCase() }))
  if (!release) throw capabilityGone('release-output')
  return { release, grant }
}
