import type { Build } from '../core/builds/build.js'
import type { CapabilityGrant } from '../core/capabilities/capability.js'
import { capabilityGone, issueCapability, redeemCapability, type CapabilityHolder } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

// Heroku compat: a build's output_stream_url is a capability URL (the CLI sends credentials only to
// hosts it knows), good for GET on this build while its holder has access to the app.
export function buildOutputToken(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'limits'>, holder: CapabilityHolder, build: Pick<Build, 'id' | 'appId'>): string {
  return issueCapability(deps, holder, { resource: 'build-output', id: build.id, method: 'GET', appId: build.appId })
}

/** The build whose output a token reads; not_found for any bad token. */
export async function redeemBuildOutput(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store'>, buildId: string, token: string): Promise<{ build: Build; grant: CapabilityGrant }> {
  const { app, grant } = await redeemCapability(deps, token, { resource: 'build-output', id: buildId, method: 'GET' })
  const build = app && (await deps.store.getBuild(app.id, buildId.toLowerCase()))
  if (!build) throw capabilityGone('build-output')
  return { build, grant }
}
