import { AUTO_ROLLBACK_ACTOR } from '../core/health/auto-rollback-actor.js'
import { notFound } from '../core/errors/platform-error.js'
import type { Release } from '../core/releases/release.js'
import { planRollback } from '../core/releases/plan-rollback.js'
import { logApiEvent } from './log-api-event.js'
import { publishRelease } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Rolls an app back to `targetVersion` because its newer release misbehaved after cutover (ADR
 * 0014): a rollback like any other (release phase, health gate, drain), whose description says
 * why (`Auto-rollback to v42: 5xx rate 31% > 5% over 60 s after cutover`), as its log line does.
 * Resolves once the release is appended, before it goes live; a `berth:auto-rollback` webhook event
 * says which release was rolled back, to which, and why.
 *
 * Resolves with null, and appends nothing, when the decision is stale: automatic rollback was
 * turned off since the watch began, or `from` is no longer the app's newest release (the user
 * released again, and that release, maybe still booting, must not be undone or superseded).
 */
export async function autoRollbackRelease(deps: Pick<ServiceDeps, 'store' | 'logs' | 'rollout' | 'webhooks'>, appId: string, from: Release, targetVersion: number, reason: string): Promise<Release | null> {
  if (!(await deps.store.getAutoRollback(appId)).enabled) return null
  const target = await deps.store.getRelease(appId, { kind: 'version', version: targetVersion })
  if (!target) throw notFound('release')
  // Checked in the store's transaction, under the app's lock, so a release appended meanwhile is seen.
  const release = await deps.store.appendRelease(appId, (ctx) => (ctx.latest.id !== from.id || ctx.current?.id !== from.id ? null
    : planRollback(ctx, target, AUTO_ROLLBACK_ACTOR, `Auto-rollback to v${target.version}: ${reason}`)))
  if (!release) return null
  deps.webhooks.publish(appId, 'berth:auto-rollback', 'create', {
    release: { id: release.id, version: release.version, description: release.description },
    rolled_back_from: { id: from.id, version: from.version },
    rolled_back_to: { id: target.id, version: target.version },
    reason,
  }, AUTO_ROLLBACK_ACTOR)
  publishRelease(deps, release).catch((error: unknown) => logApiEvent(deps, appId, `Release v${release.version} could not be rolled out: ${(error as Error).message}`, release.version))
  return release
}
