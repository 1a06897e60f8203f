import type { Readable } from 'node:stream'
import { blobKeys } from '../blobs/blob-keys.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { capabilityGone } from './capability.js'
import { redeemSlugArchive } from './redeem-slug-archive.js'
import type { ServiceDeps } from './service-deps.js'
import { storeUpload } from './store-upload.js'

/**
 * Stores a slug's archive (a gzipped tarball of the app directory) uploaded to its blob URL. A slug
 * is written once: the first complete upload fixes its archive (and must match the checksum the
 * slug was created with, if any); the same bytes again are accepted, other bytes are refused, and
 * nothing is accepted once a release uses the slug. The upload lands apart first and is copied
 * into place only after the store has recorded it, so a refused upload never touches the archive.
 */
export async function uploadSlugArchive(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store' | 'blobs' | 'limits' | 'newId'>, slugId: string, token: string, body: Readable): Promise<void> {
  const slug = await redeemSlugArchive(deps, slugId, token, 'PUT')
  const staged = blobKeys.slugUpload(slug.id, deps.newId())
  try {
    const stored = await storeUpload(deps, staged, body, deps.limits.maxSourceBytes, 'The slug archive')
    const checksum = `SHA256:${stored.sha256}`
    const outcome = await deps.store.recordSlugArchive(slug.id, stored.sizeBytes, checksum)
    switch (outcome.kind) {
      case 'missing':
        throw capabilityGone('slug-archive')
      case 'released':
        throw new PlatformError('conflict', `This slug is released (v${outcome.version}), so its archive cannot change. Create a new slug to deploy other code.`)
      case 'mismatch':
        throw outcome.declared
          ? new PlatformError('invalid_params', `The archive's checksum ${checksum} does not match the slug's checksum ${outcome.checksum}.`)
          : new PlatformError('conflict', 'This slug already has its archive, which cannot change. Create a new slug to upload other code.')
      case 'recorded':
      case 'unchanged':
        // Only bytes with the recorded checksum are ever copied into place, so racing copies agree.
        if (outcome.kind === 'recorded' || !(await deps.blobs.exists(blobKeys.slug(slug.id)))) {
          await deps.blobs.put(blobKeys.slug(slug.id), (await deps.blobs.get(staged))!)
        }
    }
  } finally {
    await deps.blobs.delete(staged)
  }
}
