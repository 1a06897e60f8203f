import { planAddonGrants } from '../core/addons/plan-addon-grants.js'
import type { App } from '../core/apps/app.js'
import { RELEASE_TYPE, type FormationEntry } from '../core/formation/plan-formation.js'
import { effectiveConfigVars, type Release } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { DynoSpec } from '../scheduler/scheduler.js'

/** The config var that turns on an HTTP health check for web dynos (a path such as `/health`). */
export const HEALTH_CHECK_VAR = 'BERTH_HEALTH_CHECK_PATH'

/** What a release's dynos see besides their config vars: Heroku's dyno metadata. */
export function releaseEnv(app: Pick<App, 'id' | 'name'>, release: Release, slug: Slug): Record<string, string> {
  return {
    ...effectiveConfigVars(release),
    HEROKU_APP_ID: app.id,
    HEROKU_APP_NAME: app.name,
    HEROKU_RELEASE_VERSION: `v${release.version}`,
    HEROKU_RELEASE_CREATED_AT: release.createdAt.toISOString(),
    HEROKU_SLUG_COMMIT: slug.commit ?? '',
    HEROKU_SLUG_DESCRIPTION: release.description,
  }
}

/** The dynos a release runs for a formation: `web.1`…`web.N` per process type (never `release`). */
export function planDynos(app: Pick<App, 'id' | 'name'>, release: Release, slug: Slug, formation: readonly FormationEntry[], generation: number): DynoSpec[] {
  const env = releaseEnv(app, release, slug)
  const healthCheckPath = env[HEALTH_CHECK_VAR]?.startsWith('/') ? env[HEALTH_CHECK_VAR]! : null
  const grants = planAddonGrants(release.addonConfigVars)
  return formation.filter((entry) => entry.type !== RELEASE_TYPE).flatMap((entry) =>
    Array.from({ length: entry.quantity }, (_, i) => ({
      appId: app.id, appName: app.name, name: `${entry.type}.${i + 1}`, type: entry.type, releaseId: release.id,
      releaseVersion: release.version, slugId: slug.id, slugChecksum: slug.checksum, command: Object.hasOwn(slug.processTypes, entry.type) ? slug.processTypes[entry.type]! : entry.command, size: entry.size,
      env, healthCheckPath, generation, grants, runtimes: slug.runtimes,
    })))
}

/** A dyno that runs once on a release: the release phase (`release.1234`) or a one-off (`run.4821`). */
export function planTask(app: Pick<App, 'id' | 'name'>, release: Release, slug: Slug, task: { name: string; type: string; command: string }): DynoSpec {
  return {
    appId: app.id, appName: app.name, ...task, releaseId: release.id, releaseVersion: release.version, slugId: slug.id, slugChecksum: slug.checksum,
    size: 'Basic', env: releaseEnv(app, release, slug), healthCheckPath: null, grants: planAddonGrants(release.addonConfigVars), runtimes: slug.runtimes,
  }
}
