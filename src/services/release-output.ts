import type { Release } from '../core/releases/release.js'
import type { CapabilityGrant } from '../core/capabilities/capability.js'
import { capabilityGone, issueCapability, redeemCapability, type CapabilityHolder } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

// Heroku compat: the CLI fetches a release's output_stream_url without credentials (`got`), so the
// URL carries a capability token instead: GET only, for this release, while its holder has access.
export function releaseOutputToken(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'limits'>, holder: CapabilityHolder, release: Pick<Release, 'id' | 'appId'>): string {
  return issueCapability(deps, holder, { resource: 'release-output', id: release.id, method: 'GET', appId: release.appId })
}

/** The release whose output a token reads; not_found (as "not started yet") for any bad token. */
export async function redeemReleaseOutput(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store'>, releaseId: string, token: string): Promise<{ release: Release; grant: CapabilityGrant }> {
  const { app, grant } = await redeemCapability(deps, token, { resource: 'release-output', id: releaseId, method: 'GET' })
  const release = app && (await deps.store.getRelease(app.id, { kind: 'id', id: releaseId.toLowerCase() }))
  if (!release) throw capabilityGone('release-output')
  return { release, grant }
}
