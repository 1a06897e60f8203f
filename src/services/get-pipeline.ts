import type { Account } from '../core/accounts/account.js'
import type { Pipeline } from '../core/pipelines/pipeline.js'
import { authorizePipeline } from './authorize-pipeline.js'
import type { ServiceDeps } from './service-deps.js'

/** A pipeline by id or name. */
export async function getPipeline(deps: Pick<ServiceDeps, 'store'>, caller: Account, pipelineRef: string): Promise<Pipeline> {
  return authorizePipeline(deps, caller, pipelineRef)
}
