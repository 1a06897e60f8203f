import type { Actor } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { PromotionTarget } from '../core/pipelines/pipeline.js'
import { planPromotionRelease } from '../core/pipelines/plan-promotion.js'
import type { Release } from '../core/releases/release.js'
import { logApiEvent } from './log-api-event.js'
import { publishRelease } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

export interface PromotionStep {
  target: PromotionTarget
  app: App
  source: { appName: string; release: Release }
  actor: Actor
}

/**
 * Releases the source's slug on one target through the normal rollout and records how it went.
 * Never rejects: whatever goes wrong is the target's `failed` status and message, so one target
 * cannot stop another.
 */
export async function promoteToTarget(deps: Pick<ServiceDeps, 'store' | 'logs' | 'logReader' | 'rollout' | 'webhooks'>, step: PromotionStep): Promise<void> {
  const { target, app } = step
  let outcome: { status: 'succeeded' | 'failed'; message: string | null }
  try {
    const release = (await deps.store.appendRelease(app.id, (ctx) => planPromotionRelease(ctx, step.source, step.actor)))!
    await deps.store.setPromotionTargetRelease(target.id, release.id)
    const settled = await publishRelease(deps, release)
    outcome = settled.status === 'succeeded' ? { status: 'succeeded', message: null } : { status: 'failed', message: failureReason(deps, settled) }
  } catch (error) {
    // A PlatformError says what is wrong in words meant for users; anything else stays in the log.
    const message = error instanceof PlatformError ? error.message : 'The release could not be created.'
    if (!(error instanceof PlatformError)) logApiEvent(deps, app.id, `Promotion of ${step.source.appName} v${step.source.release.version} failed: ${(error as Error).message}`)
    outcome = { status: 'failed', message }
  }
  try {
    await deps.store.settlePromotionTarget(target.id, outcome.status, outcome.message)
  } catch (error) {
    logApiEvent(deps, app.id, `Promotion target ${target.id} could not be recorded as ${outcome.status}: ${(error as Error).message}`)
  }
}

/** What the rollout logged about why the release failed (`Release v7 failed: …`), as `follow-release-phase` reads it. */
function failureReason(deps: Pick<ServiceDeps, 'logReader'>, release: Release): string {
  const v = `v${release.version}`
  const logged = deps.logReader.recent(release.appId, 1, (line) => line.process === 'api' && line.releaseVersion === release.version && line.message.startsWith(`Release ${v} failed: `))[0]
  return logged?.message ?? `Release ${v} failed.`
}
