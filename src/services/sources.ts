import type { Readable } from 'node:stream'
import { PlatformError } from '../core/errors/platform-error.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import type { ServiceDeps } from './service-deps.js'
import { storeUpload } from './store-upload.js'

/** A place to upload source for the Build API, addressed by a capability token. */
export interface Source {
  id: string
  token: string
}

export function sourceBlobKey(id: string): string {
  return `sources/${id}.tgz`
}

/** `POST /sources`: a new upload slot; the edge turns it into get and put URLs. */
export function createSource(deps: Pick<ServiceDeps, 'credentials' | 'newId'>): Source {
  const id = deps.newId()
  return { id, token: deps.credentials.sign(`source:${id}`) }
}

/** Checks a source's capability token; anything else is not_found, revealing nothing. */
export function verifySource(deps: Pick<ServiceDeps, 'credentials'>, id: string, token: string): void {
  if (!isUuid(id) || !deps.credentials.verifySignature(`source:${id}`, token)) {
    throw new PlatformError('not_found', "Couldn't find that source.", { resource: 'source' })
  }
}

/** Stores an uploaded source tarball (at most the configured size). */
export async function uploadSource(deps: Pick<ServiceDeps, 'credentials' | 'blobs' | 'limits'>, id: string, token: string, body: Readable): Promise<void> {
  verifySource(deps, id, token)
  await storeUpload(deps, sourceBlobKey(id), body, deps.limits.maxSourceBytes, 'The source')
}

/** Reads back an uploaded source, or null if nothing was uploaded. */
export async function downloadSource(deps: Pick<ServiceDeps, 'credentials' | 'blobs'>, id: string, token: string): Promise<Readable | null> {
  verifySource(deps, id, token)
  return deps.blobs.get(sourceBlobKey(id))
}
