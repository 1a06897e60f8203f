import type { App } from '../../core/apps/app.js'
import { regionOf } from '../../core/apps/region.js'
import { stackOf } from '../../core/apps/stack.js'
import { gitUrl, webUrl, type ApiUrls } from '../api-context.js'
import { timestamp } from './timestamp.js'

// A stable id, so clients can compare it; pipelines carry the same generation.
export const GENERATION_ID = '9a6d2c8e-3f1b-4e7a-b5d0-7c8e1f2a3b4c'

/** What `apps:info` adds: sizes are read only for one app, never for lists (null there, as the schema allows). */
export interface AppSizes {
  repoSizeBytes: number
  slugSizeBytes: number | null
}

export function serializeApp(app: App, urls: ApiUrls, sizes: AppSizes | null = null) {
  const stack = stackOf(app.stack)
  const buildStack = stackOf(app.buildStack)
  const region = regionOf(app.region)
  return {
    acm: app.acm,
    archived_at: null,
    buildpack_provided_description: null,
    build_stack: { id: buildStack.id, name: buildStack.name },
    // Heroku compat: the CLI prints `create_status=undefined` in apps:info --shell without it.
    create_status: 'complete',
    created_at: timestamp(app.createdAt),
    generation: { id: GENERATION_ID, name: 'cedar' },
    git_url: gitUrl(urls, app.name),
    id: app.id,
    internal_routing: null,
    maintenance: app.maintenance,
    name: app.name,
    organization: null,
    owner: { email: app.ownerEmail, id: app.ownerId },
    // Heroku compat: `eco` would make `heroku ps` ask for dyno-hour quotas.
    process_tier: 'basic',
    region: { id: region.id, name: region.name },
    released_at: timestamp(app.releasedAt),
    repo_size: sizes?.repoSizeBytes ?? null,
    slug_size: sizes?.slugSizeBytes ?? null,
    space: null,
    stack: { id: stack.id, name: stack.name },
    team: null,
    updated_at: timestamp(app.updatedAt),
    web_url: webUrl(urls, app.name),
  }
}
