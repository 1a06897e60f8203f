import type { App } from '../../core/apps/app.js'
import type { Build } from '../../core/builds/build.js'
import { timestamp } from './timestamp.js'

/** Heroku's Build shape; `output_stream_url` (a capability URL) streams the build's output. */
export function serializeBuild(build: Build, app: Pick<App, 'id' | 'name'>, outputStreamUrl: string) {
  return {
    app: { id: app.id, name: app.name },
    buildpacks: build.buildpacks.map((url) => ({ url, name: url })),
    created_at: timestamp(build.createdAt),
    id: build.id,
    output_stream_url: outputStreamUrl,
    release: build.releaseId === null ? null : { id: build.releaseId },
    slug: build.slugId === null ? null : { id: build.slugId },
    source_blob: { checksum: null, url: build.sourceUrl, version: build.sourceVersion, version_description: build.sourceDescription },
    stack: build.stack,
    status: build.status,
    updated_at: timestamp(build.updatedAt),
    user: { email: build.actor.email, id: build.actor.id },
  }
}
