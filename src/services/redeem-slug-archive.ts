import type { Slug } from '../core/slugs/slug.js'
import { capabilityGone, redeemCapability } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

/** The slug whose archive a token reads (GET) or writes (PUT); not_found for any bad token and for a collected slug. */
export async function redeemSlugArchive(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store'>, slugId: string, token: string, method: 'GET' | 'PUT'): Promise<Slug> {
  const { app } = await redeemCapability(deps, token, { resource: 'slug-archive', id: slugId, method })
  const slug = app && (await deps.store.getSlug(app.id, slugId.toLowerCase()))
  if (!slug || slug.deletedAt) throw capabilityGone('slug-archive')
  return slug
}
