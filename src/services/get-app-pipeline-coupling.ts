import type { Account } from '../core/accounts/account.js'
import { notFound } from '../core/errors/platform-error.js'
import type { PipelineCoupling } from '../core/pipelines/pipeline.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** The coupling of an app (`GET /apps/:app/pipeline-couplings`); not_found when the app is in no pipeline. */
export async function getAppPipelineCoupling(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<PipelineCoupling> {
  const app = await authorizeApp(deps, caller, appRef)
  const coupling = await deps.store.findCouplingByApp(app.id)
  if (!coupling) throw notFound('pipeline_coupling', 'pipeline coupling')
  return coupling
}
