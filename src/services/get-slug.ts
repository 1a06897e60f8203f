import type { Account } from '../core/accounts/account.js'
import { notFound } from '../core/errors/platform-error.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import type { Slug } from '../core/slugs/slug.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

export async function getSlug(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, slugId: string): Promise<Slug> {
  const app = await authorizeApp(deps, caller, appRef)
  const slug = isUuid(slugId) ? await deps.store.getSlug(app.id, slugId.toLowerCase()) : null
  if (!slug) throw notFound('slug')
  return slug
}
