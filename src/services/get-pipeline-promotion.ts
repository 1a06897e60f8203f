import type { Account } from '../core/accounts/account.js'
import { notFound } from '../core/errors/platform-error.js'
import type { PipelinePromotion } from '../core/pipelines/pipeline.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import { authorizePipeline } from './authorize-pipeline.js'
import type { ServiceDeps } from './service-deps.js'

/** A promotion with its targets' statuses, seen by whoever sees its pipeline. */
export async function getPipelinePromotion(deps: Pick<ServiceDeps, 'store'>, caller: Account, promotionId: string): Promise<PipelinePromotion> {
  const promotion = isUuid(promotionId) ? await deps.store.getPromotion(promotionId.toLowerCase()) : null
  if (!promotion) throw notFound('pipeline_promotion', 'pipeline promotion')
  await authorizePipeline(deps, caller, promotion.pipelineId)
  return promotion
}
