import type { Account } from '../core/accounts/account.js'
import type { Pipeline } from '../core/pipelines/pipeline.js'
import type { ServiceDeps } from './service-deps.js'

/** The pipelines the caller owns or has an app in (every pipeline for an admin), by name; only the one named `name` when given. */
export async function listPipelines(deps: Pick<ServiceDeps, 'store'>, caller: Account, filter: { name?: string } = {}): Promise<Pipeline[]> {
  const pipelines = await deps.store.listPipelines(caller.isAdmin ? null : caller.id)
  return filter.name === undefined ? pipelines : pipelines.filter((p) => p.name === filter.name)
}
