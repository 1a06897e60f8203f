import type { Account } from '../core/accounts/account.js'
import type { PipelineCoupling } from '../core/pipelines/pipeline.js'
import { getPipelineCoupling } from './get-pipeline-coupling.js'
import type { ServiceDeps } from './service-deps.js'

/** Takes an app the caller can deploy out of its pipeline (`pipelines:remove`); the app is untouched. */
export async function deletePipelineCoupling(deps: Pick<ServiceDeps, 'store'>, caller: Account, couplingId: string): Promise<PipelineCoupling> {
  const coupling = await getPipelineCoupling(deps, caller, couplingId, { app: 'member' })
  await deps.store.deleteCoupling(coupling.id)
  return coupling
}
