import type { Pipeline, PipelineCoupling, PipelinePromotion, PromotionTarget, PromotionTargetStatus } from '../../core/pipelines/pipeline.js'
import type { PipelineStage } from '../../core/pipelines/pipeline-stage.js'

// Row mappers for the pipeline tables; SQLite hands back text where PostgreSQL hands back Date.
type Row = Record<string, unknown>

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)))
const nullableStr = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))

export function toPipeline(row: Row): Pipeline {
  return { id: String(row.id), name: String(row.name), ownerId: String(row.owner_id), createdAt: date(row.created_at), updatedAt: date(row.updated_at) }
}

/** A coupling row joined with its pipeline's and app's names. */
export function toCoupling(row: Row): PipelineCoupling {
  return {
    id: String(row.id),
    pipeline: { id: String(row.pipeline_id), name: String(row.pipeline_name) },
    app: { id: String(row.app_id), name: String(row.app_name) },
    stage: String(row.stage) as PipelineStage,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

export function toPromotionTarget(row: Row): PromotionTarget {
  return {
    id: String(row.id),
    promotionId: String(row.promotion_id),
    appId: String(row.app_id),
    releaseId: nullableStr(row.release_id),
    status: String(row.status) as PromotionTargetStatus,
    errorMessage: nullableStr(row.error_message),
  }
}

export function toPromotion(row: Row, targets: PromotionTarget[]): PipelinePromotion {
  return {
    id: String(row.id),
    pipelineId: String(row.pipeline_id),
    source: { appId: String(row.source_app_id), releaseId: String(row.source_release_id) },
    status: String(row.status) === 'completed' ? 'completed' : 'pending',
    targets,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}
