import type { Account } from '../core/accounts/account.js'
import type { PipelineCoupling } from '../core/pipelines/pipeline.js'
import { authorizePipeline } from './authorize-pipeline.js'
import type { ServiceDeps } from './service-deps.js'

/** One pipeline's couplings (every app in it), or, without one, those of every app the caller can deploy. */
export async function listPipelineCouplings(deps: Pick<ServiceDeps, 'store'>, caller: Account, pipelineRef?: string): Promise<PipelineCoupling[]> {
  if (pipelineRef === undefined) return deps.store.listCouplings({ accountId: caller.isAdmin ? null : caller.id })
  const pipeline = await authorizePipeline(deps, caller, pipelineRef)
  return deps.store.listCouplings({ pipelineId: pipeline.id })
}
