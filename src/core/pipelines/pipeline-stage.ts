import { PlatformError } from '../errors/platform-error.js'

/** The stages an app can have in a pipeline, in delivery order (review apps sit beside development). */
export const PIPELINE_STAGES = ['review', 'development', 'staging', 'production'] as const
export type PipelineStage = (typeof PIPELINE_STAGES)[number]

/** Heroku compat: promotion moves development → staging → production; review apps are not promoted by stage. */
const PROMOTION_ORDER: readonly PipelineStage[] = ['development', 'staging', 'production']

export function parsePipelineStage(value: unknown): PipelineStage {
  const stage = PIPELINE_STAGES.find((s) => s === value)
  if (stage === undefined) throw new PlatformError('invalid_params', `stage must be one of ${PIPELINE_STAGES.join(', ')}.`)
  return stage
}

/** The stage a promotion from `stage` goes to, or null when nothing is downstream of it. */
export function downstreamStage(stage: PipelineStage): PipelineStage | null {
  const index = PROMOTION_ORDER.indexOf(stage)
  return index < 0 ? null : PROMOTION_ORDER[index + 1] ?? null
}
