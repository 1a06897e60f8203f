import { PlatformError } from '../core/errors/platform-error.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Capability URLs (source uploads, slug archives) carry a token signed over
 * `<resource>:<id>`; the token is the authorization, as for S3 presigned URLs.
 */
export function capabilityToken(deps: Pick<ServiceDeps, 'credentials'>, resource: string, id: string): string {
  return deps.credentials.sign(`${resource}:${id}`)
}

/** Checks a capability token; anything wrong is not_found, revealing nothing. */
export function verifyCapability(deps: Pick<ServiceDeps, 'credentials'>, resource: string, id: string, token: string): void {
  if (!isUuid(id) || !deps.credentials.verifySignature(`${resource}:${id}`, token)) {
    throw new PlatformError('not_found', `Couldn't find that ${resource}.`, { resource })
  }
}
