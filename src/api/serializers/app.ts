import type { App } from '../../core/apps/app.js'
import { regionOf } from '../../core/apps/region.js'
import { gitUrl, webUrl, type ApiUrls } from '../api-context.js'
import { timestamp } from './timestamp.js'

// Stable ids for the single stack, so clients can compare them.
const STACK_ID = '6b8f5e1a-0c3d-4b8e-9a0e-2f6c3b0d4e51'
const GENERATION_ID = '9a6d2c8e-3f1b-4e7a-b5d0-7c8e1f2a3b4c'

/** What `apps:info` adds: sizes are read only for one app, never for lists (null there, as the schema allows). */
export interface AppSizes {
  repoSizeBytes: number
  slugSizeBytes: number | null
}

export function serializeApp(app: App, urls: ApiUrls, sizes: AppSizes | null = null) {
  const stack = { id: STACK_ID, name: app.stack }
  const region = regionOf(app.region)
  return {
    acm: false,
    archived_at: null,
    buildpack_provided_description: null,
    build_stack: stack,
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
    stack,
    team: null,
    updated_at: timestamp(app.updatedAt),
    web_url: webUrl(urls, app.name),
  }
}
