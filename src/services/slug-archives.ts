import type { Readable } from 'node:stream'
import { PlatformError } from '../core/errors/platform-error.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import type { ServiceDeps } from './service-deps.js'
import { storeUpload } from './store-upload.js'

// Heroku compat: Slug Create answers with a `blob` URL to PUT the archive to; here it is a Berth URL
// with a capability token, like source uploads.
export function slugArchiveToken(deps: Pick<ServiceDeps, 'credentials'>, slugId: string): string {
  return deps.credentials.sign(`slug:${slugId}`)
}

function verify(deps: Pick<ServiceDeps, 'credentials'>, slugId: string, token: string): void {
  if (!isUuid(slugId) || !deps.credentials.verifySignature(`slug:${slugId}`, token)) {
    throw new PlatformError('not_found', "Couldn't find that slug.", { resource: 'slug' })
  }
}

/** Stores a slug's archive (a gzipped tarball of the app directory) uploaded to its blob URL. */
export async function uploadSlugArchive(deps: Pick<ServiceDeps, 'credentials' | 'blobs' | 'store' | 'limits'>, slugId: string, token: string, body: Readable): Promise<void> {
  verify(deps, slugId, token)
  const stored = await storeUpload(deps, `slugs/${slugId}.tgz`, body, deps.limits.maxSourceBytes, 'The slug archive')
  await deps.store.recordSlugArchive(slugId, stored.sizeBytes, `SHA256:${stored.sha256}`)
}

export async function downloadSlugArchive(deps: Pick<ServiceDeps, 'credentials' | 'blobs'>, slugId: string, token: string): Promise<Readable | null> {
  verify(deps, slugId, token)
  return deps.blobs.get(`slugs/${slugId}.tgz`)
}
