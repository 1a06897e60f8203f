import { stackOf } from '../../core/apps/stack.js'
import type { Slug } from '../../core/slugs/slug.js'
import { timestamp } from './timestamp.js'

export function serializeSlug(slug: Slug, blob: { method: 'get' | 'put'; url: string }) {
  return {
    blob,
    buildpack_provided_description: slug.buildpackProvidedDescription,
    checksum: slug.checksum,
    commit: slug.commit,
    commit_description: slug.commitDescription,
    created_at: timestamp(slug.createdAt),
    id: slug.id,
    process_types: slug.processTypes,
    size: slug.sizeBytes,
    stack: { id: stackOf(slug.stack).id, name: slug.stack },
    updated_at: timestamp(slug.updatedAt),
  }
}
