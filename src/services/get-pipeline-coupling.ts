import type { Account } from '../core/accounts/account.js'
import { notFound } from '../core/errors/platform-error.js'
import type { PipelineCoupling } from '../core/pipelines/pipeline.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import { authorizeApp } from './authorize-app.js'
import { authorizePipeline } from './authorize-pipeline.js'
import type { ServiceDeps } from './service-deps.js'

/** A coupling by id, seen by whoever sees its pipeline; with `app: 'member'`, only by those who can deploy its app (changes). */
export async function getPipelineCoupling(deps: Pick<ServiceDeps, 'store'>, caller: Account, couplingId: string, access: { app?: 'member' } = {}): Promise<PipelineCoupling> {
  const coupling = isUuid(couplingId) ? await deps.store.getCoupling(couplingId.toLowerCase()) : null
  if (!coupling) throw notFound('pipeline_coupling', 'pipeline coupling')
  await authorizePipeline(deps, caller, coupling.pipeline.id)
  if (access.app === 'member') await authorizeApp(deps, caller, coupling.app.id)
  return coupling
}

