import type { PipelinePromotion, PromotionTarget } from '../../core/pipelines/pipeline.js'
import { timestamp } from './timestamp.js'

/** Heroku's Pipeline Promotion shape. */
export function serializePipelinePromotion(promotion: PipelinePromotion) {
  return {
    created_at: timestamp(promotion.createdAt),
    id: promotion.id,
    pipeline: { id: promotion.pipelineId },
    source: { app: { id: promotion.source.appId }, release: { id: promotion.source.releaseId } },
    status: promotion.status,
    updated_at: timestamp(promotion.updatedAt),
  }
}

/** Heroku's Pipeline Promotion Target shape: `pending`, then `succeeded` or `failed` with why. */
export function serializePromotionTarget(target: PromotionTarget) {
  return {
    app: { id: target.appId },
    error_message: target.errorMessage,
    id: target.id,
    pipeline_promotion: { id: target.promotionId },
    release: target.releaseId === null ? null : { id: target.releaseId },
    status: target.status,
  }
}
