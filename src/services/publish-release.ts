import type { Release } from '../core/releases/release.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Announces a freshly appended release (`Set FOO config vars by user …`, then
 * `Release v3 created by user …`) and hands it to the rollout, which also makes
 * the formation follow the slug that goes live. Descriptions name keys, never values. Webhooks get
 * `api:release` `create` now and `update` when the release settles.
 */
export async function publishRelease(deps: Pick<ServiceDeps, 'logs' | 'rollout' | 'webhooks'>, release: Release): Promise<Release> {
  logApiEvent(deps, release.appId, `${release.description} by user ${release.actor.email}`, release.version)
  logApiEvent(deps, release.appId, `Release v${release.version} created by user ${release.actor.email}`, release.version)
  deps.webhooks.publishChange(release.appId, 'create', { entity: 'api:release', release })
  const settled = deps.rollout.submit(release)
  // Heroku compat: `api:release` `update` once the release succeeded or failed; the caller's own
  // await (or not, for respond-async) is untouched, and a rejection stays the caller's to see.
  settled.then((done) => deps.webhooks.publishChange(done.appId, 'update', { entity: 'api:release', release: done }, undefined, { entity: 'api:release', release }), () => undefined)
  return settled
}
