import type { Release } from '../core/releases/release.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Announces a freshly appended release (`Set FOO config vars by user …`, then
 * `Release v3 created by user …`) and hands it to the rollout, which also makes
 * the formation follow the slug that goes live. Descriptions name keys, never values.
 */
export async function publishRelease(deps: Pick<ServiceDeps, 'logs' | 'rollout'>, release: Release): Promise<Release> {
  logApiEvent(deps, release.appId, `${release.description} by user ${release.actor.email}`, release.version)
  logApiEvent(deps, release.appId, `Release v${release.version} created by user ${release.actor.email}`, release.version)
  return deps.rollout.submit(release)
}
