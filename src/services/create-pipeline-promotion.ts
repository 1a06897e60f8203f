import { actorOf, type Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import type { Pipeline, PipelinePromotion } from '../core/pipelines/pipeline.js'
import type { PromotionInput } from '../core/pipelines/parse-promotion-input.js'
import { promotionIneligibility } from '../core/pipelines/plan-promotion.js'
import { parseReleaseRef } from '../core/releases/parse-release-ref.js'
import type { Release } from '../core/releases/release.js'
import { authorizeApp } from './authorize-app.js'
import { authorizePipeline } from './authorize-pipeline.js'
import { isAppMember } from './is-app-member.js'
import { logApiEvent } from './log-api-event.js'
import { promoteToTarget } from './promote-to-target.js'
import type { ServiceDeps } from './service-deps.js'

type Deps = Pick<ServiceDeps, 'store' | 'logs' | 'logReader' | 'rollout' | 'webhooks'>

/**
 * `pipelines:promote`: releases one release's slug (the source app's current one by default) on
 * each target app of the same pipeline. Everything is checked before anything is made: the caller
 * must be able to deploy the source and every target. The answer comes at once, `pending`; each
 * target then goes through its own rollout, and its status says how that went.
 */
export async function createPipelinePromotion(deps: Deps, caller: Account, input: PromotionInput): Promise<PipelinePromotion> {
  const pipeline = await authorizePipeline(deps, caller, input.pipelineId)
  const source = await authorizeApp(deps, caller, input.sourceAppId)
  await requireCoupled(deps, pipeline, source)
  const release = await sourceRelease(deps, source, input.sourceRelease)
  const targets: App[] = []
  for (const ref of input.targetAppIds) {
    const app = await deps.store.findApp(ref)
    if (!app || (await deps.store.findCouplingByApp(app.id))?.pipeline.id !== pipeline.id) {
      throw new PlatformError('invalid_params', `${ref} is not an app of pipeline ${pipeline.name}.`)
    }
    if (app.id === source.id) throw new PlatformError('invalid_params', `Cannot promote from an app to itself: ${app.name}.`)
    if (!(await isAppMember(deps, caller, app))) {
      throw new PlatformError('forbidden', `You cannot deploy to ${app.name}: only its owner and collaborators can promote to it.`)
    }
    targets.push(app)
  }
  const promotion = await deps.store.createPromotion({ pipelineId: pipeline.id, sourceAppId: source.id, sourceReleaseId: release.id, targetAppIds: targets.map((t) => t.id) })
  const actor = actorOf(caller)
  for (const [i, target] of promotion.targets.entries()) {
    // Each step records its own failure; this catch is only a last guard.
    promoteToTarget(deps, { target, app: targets[i]!, source: { appName: source.name, release }, actor })
      .catch((error: unknown) => logApiEvent(deps, target.appId, `Promotion ${promotion.id} stopped: ${(error as Error).message}`))
  }
  return promotion
}

async function requireCoupled(deps: Pick<ServiceDeps, 'store'>, pipeline: Pipeline, app: App): Promise<void> {
  if ((await deps.store.findCouplingByApp(app.id))?.pipeline.id !== pipeline.id) {
    throw new PlatformError('invalid_params', `${app.name} is not in pipeline ${pipeline.name}.`)
  }
}

/** The release to promote: the one named, else the one serving now; it must have gone live with a slug still kept. */
async function sourceRelease(deps: Pick<ServiceDeps, 'store'>, app: App, ref: string | null): Promise<Release> {
  const release = ref !== null
    ? await deps.store.getRelease(app.id, parseReleaseRef(ref))
    : app.currentReleaseId === null ? null : await deps.store.getRelease(app.id, { kind: 'id', id: app.currentReleaseId })
  if (!release) throw ref === null ? new PlatformError('invalid_params', `${app.name} has no release to promote.`) : notFound('release')
  const reason = promotionIneligibility(release)
  if (reason !== null) throw new PlatformError('invalid_params', reason)
  const slug = await deps.store.findSlug(release.slugId!)
  if (!slug || slug.deletedAt !== null || slug.sizeBytes === null) throw new PlatformError('invalid_params', `Release v${release.version} has expired: its slug was removed.`)
  return release
}
