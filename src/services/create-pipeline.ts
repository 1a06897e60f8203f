import type { Account } from '../core/accounts/account.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { Pipeline } from '../core/pipelines/pipeline.js'
import { parsePipelineName } from '../core/pipelines/pipeline-name.js'
import type { ServiceDeps } from './service-deps.js'

/** A new, empty pipeline owned by the caller. */
export async function createPipeline(deps: Pick<ServiceDeps, 'store'>, caller: Account, input: { name: unknown }): Promise<Pipeline> {
  const name = parsePipelineName(input.name)
  try {
    return await deps.store.createPipeline({ name, ownerId: caller.id })
  } catch (error) {
    if (error instanceof PlatformError && error.id === 'conflict') throw new PlatformError('conflict', `Name ${name} is already taken by another pipeline.`)
    throw error
  }
}
