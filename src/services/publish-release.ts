import { planFormation } from '../core/formation/plan-formation.js'
import type { Release } from '../core/releases/release.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Announces a freshly appended release (`Set FOO config vars by user …`, then
 * `Release v3 created by user …`) and hands it to the rollout. Descriptions name
 * keys, never values.
 */
export async function publishRelease(deps: Pick<ServiceDeps, 'logs' | 'rollout' | 'store'>, release: Release): Promise<Release> {
  logApiEvent(deps, release.appId, `${release.description} by user ${release.actor.email}`, release.version)
  logApiEvent(deps, release.appId, `Release v${release.version} created by user ${release.actor.email}`, release.version)
  const settled = await deps.rollout.submit(release)
  if (settled.current && settled.slugId !== null) await syncFormation(deps, settled)
  return settled
}

/** The formation follows the process types of the slug that went live (the first deploy scales web to 1). */
async function syncFormation(deps: Pick<ServiceDeps, 'logs' | 'store'>, release: Release): Promise<void> {
  const slug = await deps.store.getSlug(release.appId, release.slugId!)
  if (!slug) return
  const plan = planFormation(await deps.store.listFormation(release.appId), slug.processTypes)
  await deps.store.replaceFormation(release.appId, plan.entries)
  if (plan.scaled) logApiEvent(deps, release.appId, `Scaled to ${plan.scaled} by user ${release.actor.email}`, release.version)
}

/** An `app[api]` line such as `Set FOO config vars by user a@b.c`. */
export function logApiEvent(deps: Pick<ServiceDeps, 'logs'>, appId: string, message: string, releaseVersion: number | null = null): void {
  deps.logs.write({ appId, source: 'app', process: 'api', message, releaseVersion })
}
