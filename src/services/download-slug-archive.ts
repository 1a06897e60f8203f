import type { Readable } from 'node:stream'
import { blobKeys } from '../blobs/blob-keys.js'
import { redeemSlugArchive } from './redeem-slug-archive.js'
import type { ServiceDeps } from './service-deps.js'

/** Reads back a slug's archive, or null if none was uploaded. */
export async function downloadSlugArchive(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store' | 'blobs'>, slugId: string, token: string): Promise<Readable | null> {
  const slug = await redeemSlugArchive(deps, slugId, token, 'GET')
  return deps.blobs.get(blobKeys.slug(slug.id))
}
