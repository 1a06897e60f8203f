import type { Build } from '../core/builds/build.js'
import type { CapabilityGrant } from '../core/capabilities/capability.js'
import { capabilityGone, redeemCapability } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

/** The build whose output a token reads; not_found for any bad token. */
export async function redeemBuildOutput(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store'>, buildId: string, token: string): Promise<{ build: Build; grant: CapabilityGrant }> {
  const { app, grant } = await redeemCapability(deps, token, { resource: 'build-output', id: buildId, method: 'GET' })
  const build = app && (await deps.store.getBuild(app.id, buildId.toLowerCase()))
  if (!build) throw capabilityGone('build-output')
  return { build, grant }
}
