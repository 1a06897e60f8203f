import { blobKeys } from '../blobs/blob-keys.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Retention: deletes the archives of slugs that neither the current release nor
 * the newest `keepReleases` releases use, so a rollback target within that
 * window is never collected. Their releases become `expired`.
 */
export async function collectSlugs(deps: Pick<ServiceDeps, 'store' | 'blobs' | 'limits'>, appId: string): Promise<string[]> {
  const expired = await deps.store.expireSlugs(appId, deps.limits.keepReleases)
  for (const slugId of expired) await deps.blobs.delete(blobKeys.slug(slugId))
  return expired
}
