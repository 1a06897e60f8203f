import type { Readable } from 'node:stream'
import { blobKeys } from '../blobs/blob-keys.js'
import { issueCapability, redeemCapability, type CapabilityHolder, type Redeemed } from './capability.js'
import type { ServiceDeps } from './service-deps.js'
import { storeUpload } from './store-upload.js'

/** A place to upload source for the Build API, with a token to upload it and one to read it back. */
export interface Source {
  id: string
  putToken: string
  getToken: string
}

type CapabilityDeps = Pick<ServiceDeps, 'credentials' | 'clock' | 'store'>

/**
 * `POST /sources`: a new upload slot; the edge turns it into a put_url and a get_url. A source
 * belongs to no app yet, so its URLs are bound to the caller's account and token only.
 */
export function createSource(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'limits' | 'newId'>, holder: CapabilityHolder): Source {
  const id = deps.newId()
  const token = (method: 'GET' | 'PUT') => issueCapability(deps, holder, { resource: 'source', id, method, appId: null })
  return { id, putToken: token('PUT'), getToken: token('GET') }
}

/** Checks a source's get_url token, as a build does before it reads the source. */
export function redeemSourceRead(deps: CapabilityDeps, id: string, token: string): Promise<Redeemed> {
  return redeemCapability(deps, token, { resource: 'source', id, method: 'GET' })
}

/** Stores an uploaded source tarball (at most the configured size). */
export async function uploadSource(deps: CapabilityDeps & Pick<ServiceDeps, 'blobs' | 'limits'>, id: string, token: string, body: Readable): Promise<void> {
  const { grant } = await redeemCapability(deps, token, { resource: 'source', id, method: 'PUT' })
  await storeUpload(deps, blobKeys.source(grant.id), body, deps.limits.maxSourceBytes, 'The source')
}

/** Reads back an uploaded source, or null if nothing was uploaded. */
export async function downloadSource(deps: CapabilityDeps & Pick<ServiceDeps, 'blobs'>, id: string, token: string): Promise<Readable | null> {
  const { grant } = await redeemSourceRead(deps, id, token)
  return deps.blobs.get(blobKeys.source(grant.id))
}
