import type { Account } from '../core/accounts/account.js'
import { notFound } from '../core/errors/platform-error.js'
import type { PipelineCoupling } from '../core/pipelines/pipeline.js'
import { parsePipelineStage } from '../core/pipelines/pipeline-stage.js'
import { getPipelineCoupling } from './get-pipeline-coupling.js'
import type { ServiceDeps } from './service-deps.js'

/** Moves an app the caller can deploy to another stage of its pipeline (`pipelines:update`). */
export async function updatePipelineCoupling(deps: Pick<ServiceDeps, 'store'>, caller: Account, couplingId: string, input: { stage: unknown }): Promise<PipelineCoupling> {
  const stage = parsePipelineStage(input.stage)
  const coupling = await getPipelineCoupling(deps, caller, couplingId, { app: 'member' })
  return (await deps.store.updateCouplingStage(coupling.id, stage)) ?? Promise.reject(notFound('pipeline_coupling', 'pipeline coupling'))
}
