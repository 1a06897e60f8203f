import type { Account } from '../core/accounts/account.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import type { Pipeline } from '../core/pipelines/pipeline.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Loads a pipeline by id or name and checks that the caller may see it: its owner (who created it),
 * an admin, or a member of one of its apps. Anyone else is told it does not exist. Renaming and
 * destroying it are its owner's.
 */
export async function authorizePipeline(deps: Pick<ServiceDeps, 'store'>, caller: Account, idOrName: string, access: 'member' | 'owner' = 'member'): Promise<Pipeline> {
  const pipeline = await deps.store.findPipeline(idOrName)
  if (!pipeline) throw notFound('pipeline')
  if (caller.isAdmin || pipeline.ownerId === caller.id) return pipeline
  if (!(await deps.store.listPipelines(caller.id)).some((p) => p.id === pipeline.id)) throw notFound('pipeline')
  if (access === 'owner') throw new PlatformError('forbidden', 'Only the pipeline owner can do that.')
  return pipeline
}
