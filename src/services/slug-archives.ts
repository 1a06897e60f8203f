import type { Readable } from 'node:stream'
import { blobKeys } from '../blobs/blob-keys.js'
import { capabilityToken, verifyCapability } from './capability.js'
import type { ServiceDeps } from './service-deps.js'
import { storeUpload } from './store-upload.js'

// Heroku compat: Slug Create answers with a `blob` URL to PUT the archive to; here it is a Berth URL
// with a capability token, like source uploads.
export function slugArchiveToken(deps: Pick<ServiceDeps, 'credentials'>, slugId: string): string {
  return capabilityToken(deps, 'slug', slugId)
}

/** Stores a slug's archive (a gzipped tarball of the app directory) uploaded to its blob URL. */
export async function uploadSlugArchive(deps: Pick<ServiceDeps, 'credentials' | 'blobs' | 'store' | 'limits'>, slugId: string, token: string, body: Readable): Promise<void> {
  verifyCapability(deps, 'slug', slugId, token)
  const stored = await storeUpload(deps, blobKeys.slug(slugId), body, deps.limits.maxSourceBytes, 'The slug archive')
  await deps.store.recordSlugArchive(slugId, stored.sizeBytes, `SHA256:${stored.sha256}`)
}

/** Reads back a slug's archive, or null if none was uploaded. */
export async function downloadSlugArchive(deps: Pick<ServiceDeps, 'credentials' | 'blobs'>, slugId: string, token: string): Promise<Readable | null> {
  verifyCapability(deps, 'slug', slugId, token)
  return deps.blobs.get(blobKeys.slug(slugId))
}
