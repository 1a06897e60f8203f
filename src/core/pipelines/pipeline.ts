import type { PipelineStage } from './pipeline-stage.js'

/** A group of apps that share a codebase, one per stage of its delivery; its owner is the account that created it. */
export interface Pipeline {
  id: string
  name: string
  ownerId: string
  createdAt: Date
  updatedAt: Date
}

/** An app's place in a pipeline: an app belongs to at most one pipeline. */
export interface PipelineCoupling {
  id: string
  pipeline: { id: string; name: string }
  app: { id: string; name: string }
  stage: PipelineStage
  createdAt: Date
  updatedAt: Date
}

export type PromotionTargetStatus = 'pending' | 'succeeded' | 'failed'

/** One downstream app of a promotion and how its release went. */
export interface PromotionTarget {
  id: string
  promotionId: string
  appId: string
  /** The release made on the target; null until it exists (or if it never could be made). */
  releaseId: string | null
  status: PromotionTargetStatus
  errorMessage: string | null
}

/** A source release's slug released on each target app; `completed` once no target is pending. */
export interface PipelinePromotion {
  id: string
  pipelineId: string
  source: { appId: string; releaseId: string }
  status: 'pending' | 'completed'
  targets: PromotionTarget[]
  createdAt: Date
  updatedAt: Date
}
