import type { Readable } from 'node:stream'
import { blobKeys } from '../blobs/blob-keys.js'
import { redeemCapability } from './capability.js'
import type { ServiceDeps } from './service-deps.js'
import { storeUpload } from './store-upload.js'

/** Stores an uploaded source tarball (at most the configured size). */
export async function uploadSource(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store' | 'blobs' | 'limits'>, id: string, token: string, body: Readable): Promise<void> {
  const { grant } = await redeemCapability(deps, token, { resource: 'source', id, method: 'PUT' })
  await storeUpload(deps, blobKeys.source(grant.id), body, deps.limits.maxSourceBytes, 'The source')
}
