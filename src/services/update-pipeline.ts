import type { Account } from '../core/accounts/account.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import type { Pipeline } from '../core/pipelines/pipeline.js'
import { parsePipelineName } from '../core/pipelines/pipeline-name.js'
import { authorizePipeline } from './authorize-pipeline.js'
import type { ServiceDeps } from './service-deps.js'

/** Renames a pipeline (`pipelines:rename`); its owner's to do. */
export async function updatePipeline(deps: Pick<ServiceDeps, 'store'>, caller: Account, pipelineRef: string, input: { name: unknown }): Promise<Pipeline> {
  const pipeline = await authorizePipeline(deps, caller, pipelineRef, 'owner')
  if (input.name === undefined) return pipeline
  const name = parsePipelineName(input.name)
  try {
    return (await deps.store.renamePipeline(pipeline.id, name)) ?? Promise.reject(notFound('pipeline'))
  } catch (error) {
    if (error instanceof PlatformError && error.id === 'conflict') throw new PlatformError('conflict', `Name ${name} is already taken by another pipeline.`)
    throw error
  }
}
