import type { Pipeline, PipelineCoupling } from '../../core/pipelines/pipeline.js'
import { GENERATION_ID } from './app.js'
import { timestamp } from './timestamp.js'

/** Heroku's Pipeline shape; its owner is the account that created it. */
export function serializePipeline(pipeline: Pipeline) {
  return {
    created_at: timestamp(pipeline.createdAt),
    // Heroku compat: the CLI reads the generation to pick slugs (cedar) over OCI images (fir).
    generation: { id: GENERATION_ID, name: 'cedar' },
    id: pipeline.id,
    name: pipeline.name,
    owner: { id: pipeline.ownerId, type: 'user' },
    updated_at: timestamp(pipeline.updatedAt),
  }
}

/** Heroku's Pipeline Coupling shape, with the names the CLI prints beside the ids. */
export function serializePipelineCoupling(coupling: PipelineCoupling) {
  return {
    app: { id: coupling.app.id, name: coupling.app.name },
    created_at: timestamp(coupling.createdAt),
    id: coupling.id,
    pipeline: { id: coupling.pipeline.id, name: coupling.pipeline.name },
    stage: coupling.stage,
    updated_at: timestamp(coupling.updatedAt),
  }
}
