import type { Build } from '../core/builds/build.js'
import { issueCapability, type CapabilityHolder } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

// Heroku compat: a build's output_stream_url is a capability URL (the CLI sends credentials only to
// hosts it knows), good for GET on this build while its holder has access to the app.
export function buildOutputToken(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'limits'>, holder: CapabilityHolder, build: Pick<Build, 'id' | 'appId'>): string {
  return issueCapability(deps, holder, { resource: 'build-output', id: build.id, method: 'GET', appId: build.appId })
}
