import type { Release } from '../core/releases/release.js'
import { issueCapability, type CapabilityHolder } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

// Heroku compat: the CLI fetches a release's output_stream_url without credentials (`got`), so the
// URL carries a capability token instead: GET only, for this release, while its holder has access.
export function releaseOutputToken(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'limits'>, holder: CapabilityHolder, release: Pick<Release, 'id' | 'appId'>): string {
  return issueCapability(deps, holder, { resource: 'release-output', id: release.id, method: 'GET', appId: release.appId })
}
