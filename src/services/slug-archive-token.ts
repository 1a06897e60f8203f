import type { Slug } from '../core/slugs/slug.js'
import { issueCapability, type CapabilityHolder } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

// Heroku compat: Slug Create answers with a `blob` URL to PUT the archive to, and Slug Info with one
// to GET it; here both are Berth URLs with a capability token, each good for its one method.
export function slugArchiveToken(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'limits'>, holder: CapabilityHolder, slug: Slug, method: 'GET' | 'PUT'): string {
  return issueCapability(deps, holder, { resource: 'slug-archive', id: slug.id, method, appId: slug.appId })
}
