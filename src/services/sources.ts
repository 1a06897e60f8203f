import type { Readable } from 'node:stream'
import { blobKeys } from '../blobs/blob-keys.js'
import { capabilityToken, verifyCapability } from './capability.js'
import type { ServiceDeps } from './service-deps.js'
import { storeUpload } from './store-upload.js'

/** A place to upload source for the Build API, addressed by a capability token. */
export interface Source {
  id: string
  token: string
}

/** `POST /sources`: a new upload slot; the edge turns it into get and put URLs. */
export function createSource(deps: Pick<ServiceDeps, 'credentials' | 'newId'>): Source {
  const id = deps.newId()
  return { id, token: capabilityToken(deps, 'source', id) }
}

export function verifySource(deps: Pick<ServiceDeps, 'credentials'>, id: string, token: string): void {
  verifyCapability(deps, 'source', id, token)
}

/** Stores an uploaded source tarball (at most the configured size). */
export async function uploadSource(deps: Pick<ServiceDeps, 'credentials' | 'blobs' | 'limits'>, id: string, token: string, body: Readable): Promise<void> {
  verifySource(deps, id, token)
  await storeUpload(deps, blobKeys.source(id), body, deps.limits.maxSourceBytes, 'The source')
}

/** Reads back an uploaded source, or null if nothing was uploaded. */
export async function downloadSource(deps: Pick<ServiceDeps, 'credentials' | 'blobs'>, id: string, token: string): Promise<Readable | null> {
  verifySource(deps, id, token)
  return deps.blobs.get(blobKeys.source(id))
}
