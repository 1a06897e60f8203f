import type { Account } from '../core/accounts/account.js'
import type { Pipeline } from '../core/pipelines/pipeline.js'
import { authorizePipeline } from './authorize-pipeline.js'
import type { ServiceDeps } from './service-deps.js'

/** Destroys a pipeline and its couplings; its apps and their releases stay. Its owner's to do. */
export async function deletePipeline(deps: Pick<ServiceDeps, 'store'>, caller: Account, pipelineRef: string): Promise<Pipeline> {
  const pipeline = await authorizePipeline(deps, caller, pipelineRef, 'owner')
  await deps.store.deletePipeline(pipeline.id)
  return pipeline
}
