import type { App } from '../../core/apps/app.js'
import type { Release } from '../../core/releases/release.js'
import { isEligibleForRollback } from '../../core/releases/rollback-eligibility.js'
import { timestamp } from './timestamp.js'

/** Heroku's Release shape; `current` and `eligible_for_rollback` drive the CLI's rollback. */
export function serializeRelease(release: Release, app: Pick<App, 'id' | 'name'>, currentSlugId: string | null, outputStreamUrl: string | null = null, extended = false) {
  return {
    // Heroku compat: `?extended=true` (`heroku releases -x`) adds the slug columns the CLI prints.
    // Berth's slugs have one id, a uuid, so both fields carry it.
    ...(extended ? { extended: { slug_id: release.slugId, slug_uuid: release.slugId } } : {}),
    addon_plan_names: release.addonPlanNames,
    app: { id: app.id, name: app.name },
    artifacts: release.slugId === null ? [] : [{ type: 'slug', id: release.slugId }],
    created_at: timestamp(release.createdAt),
    current: release.current,
    description: release.description,
    eligible_for_rollback: isEligibleForRollback(release, currentSlugId),
    id: release.id,
    output_stream_url: release.hasReleasePhase ? outputStreamUrl : null,
    slug: release.slugId === null ? null : { id: release.slugId },
    status: release.status,
    updated_at: timestamp(release.updatedAt),
    user: { email: release.actor.email, id: release.actor.id },
    version: release.version,
  }
}
