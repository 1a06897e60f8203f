import { planFormation, type FormationPlan } from '../core/formation/plan-formation.js'
import type { Release } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { LogSink } from '../logs/log-sink.js'
import type { Store } from '../store/store.js'
import { logApiEvent } from './api-event.js'

/**
 * The formation once `slug` is live: the app's, following the slug's process types (a first
 * deploy scales web to 1). The one place a rollout plans it, for the dynos it boots and the
 * formation it records.
 */
export async function slugFormation(store: Pick<Store, 'listFormation'>, appId: string, slug: Slug): Promise<FormationPlan> {
  return planFormation(await store.listFormation(appId), slug.processTypes)
}

/**
 * Records the formation that follows the slug of a release gone live. It is planned from the
 * formation as it stands now, so a scale made while the release booted is kept.
 */
export async function recordSlugFormation(store: Pick<Store, 'listFormation' | 'replaceFormation'>, logs: LogSink, release: Release, slug: Slug): Promise<void> {
  const plan = await slugFormation(store, release.appId, slug)
  await store.replaceFormation(release.appId, plan.entries)
  if (plan.scaled) logApiEvent(logs, release.appId, `Scaled to ${plan.scaled} by user ${release.actor.email}`, release.version)
}
