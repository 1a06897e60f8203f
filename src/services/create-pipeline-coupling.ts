import type { Account } from '../core/accounts/account.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { PipelineCoupling } from '../core/pipelines/pipeline.js'
import { parsePipelineStage } from '../core/pipelines/pipeline-stage.js'
import { authorizeApp } from './authorize-app.js'
import { authorizePipeline } from './authorize-pipeline.js'
import type { ServiceDeps } from './service-deps.js'

/** Adds an app the caller can deploy to a pipeline the caller can see, at a stage (`pipelines:add`). */
export async function createPipelineCoupling(deps: Pick<ServiceDeps, 'store'>, caller: Account, input: { app: unknown; pipeline: unknown; stage: unknown }): Promise<PipelineCoupling> {
  if (typeof input.app !== 'string') throw new PlatformError('invalid_params', 'app must be an app id or name.')
  if (typeof input.pipeline !== 'string') throw new PlatformError('invalid_params', 'pipeline must be a pipeline id.')
  const stage = parsePipelineStage(input.stage)
  const app = await authorizeApp(deps, caller, input.app)
  const pipeline = await authorizePipeline(deps, caller, input.pipeline)
  try {
    return await deps.store.createCoupling({ pipelineId: pipeline.id, appId: app.id, stage })
  } catch (error) {
    if (error instanceof PlatformError && error.id === 'conflict') throw new PlatformError('conflict', `${app.name} is already in a pipeline: remove it from that one first.`)
    throw error
  }
}
