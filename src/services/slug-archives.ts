import type { Readable } from 'node:stream'
import { blobKeys } from '../blobs/blob-keys.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { Slug } from '../core/slugs/slug.js'
import { capabilityGone, issueCapability, redeemCapability, type CapabilityHolder } from './capability.js'
import type { ServiceDeps } from './service-deps.js'
import { storeUpload } from './store-upload.js'

// Heroku compat: Slug Create answers with a `blob` URL to PUT the archive to, and Slug Info with one
// to GET it; here both are Berth URLs with a capability token, each good for its one method.
export function slugArchiveToken(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'limits'>, holder: CapabilityHolder, slug: Slug, method: 'GET' | 'PUT'): string {
  return issueCapability(deps, holder, { resource: 'slug-archive', id: slug.id, method, appId: slug.appId })
}

async function redeemSlug(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store'>, slugId: string, token: string, method: 'GET' | 'PUT'): Promise<Slug> {
  const { app } = await redeemCapability(deps, token, { resource: 'slug-archive', id: slugId, method })
  const slug = app && (await deps.store.getSlug(app.id, slugId.toLowerCase()))
  if (!slug || slug.deletedAt) throw capabilityGone('slug-archive')
  return slug
}

/**
 * Stores a slug's archive (a gzipped tarball of the app directory) uploaded to its blob URL. A slug
 * is written once: the first complete upload fixes its archive (and must match the checksum the
 * slug was created with, if any); the same bytes again are accepted, other bytes are refused, and
 * nothing is accepted once a release uses the slug. The upload lands apart first and is copied
 * into place only after the store has recorded it, so a refused upload never touches the archive.
 */
export async function uploadSlugArchive(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store' | 'blobs' | 'limits' | 'newId'>, slugId: string, token: string, body: Readable): Promise<void> {
  const slug = await redeemSlug(deps, slugId, token, 'PUT')
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

/** Reads back a slug's archive, or null if none was uploaded. */
export async function downloadSlugArchive(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store' | 'blobs'>, slugId: string, token: string): Promise<Readable | null> {
  const slug = await redeemSlug(deps, slugId, token, 'GET')
  return deps.blobs.get(blobKeys.slug(slug.id))
}
