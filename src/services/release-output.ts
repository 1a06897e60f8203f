import type { ServiceDeps } from './service-deps.js'

// Heroku compat: the CLI fetches a release's output_stream_url without credentials, so the URL
// carries a capability token instead.
export function releaseOutputToken(deps: Pick<ServiceDeps, 'credentials'>, releaseId: string): string {
  return deps.credentials.sign(`release-output:${releaseId}`)
}

export function verifyReleaseOutput(deps: Pick<ServiceDeps, 'credentials'>, releaseId: string, token: string): boolean {
  return deps.credentials.verifySignature(`release-output:${releaseId}`, token)
}
