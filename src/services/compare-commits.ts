import { capabilityGone, redeemCapability } from './capability.js'
import { authorizePipeline } from './authorize-pipeline.js'
import { isAppMember } from './is-app-member.js'
import { decodeCapability } from '../core/capabilities/capability.js'
import type { CommitDetail, ServiceDeps } from './service-deps.js'

/** The most commits one comparison lists (GitHub lists 250). */
const MAX_COMMITS = 250

/**
 * GitHub's compare (`GET /repos/:owner/:repo/compare/base...head`) for a pipeline's repository
 * (`getRepositoryLink`): the commits `head` has that `base` lacks, from the first repository of the
 * pipeline's apps (that the holder can deploy) holding both. Not found when none does.
 */
export async function compareCommits(
  deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store' | 'commits'>,
  token: string,
  pipelineId: string,
  base: string,
  head: string,
): Promise<{ total: number; commits: CommitDetail[] }> {
  const accountId = decodeCapability(token, deps.credentials)?.id ?? ''
  const { account } = await redeemCapability(deps, token, { resource: 'commit-compare', id: accountId, method: 'GET' })
  const pipeline = await authorizePipeline(deps, account, pipelineId).catch(() => Promise.reject(capabilityGone('commit-compare')))
  for (const coupling of await deps.store.listCouplings({ pipelineId: pipeline.id })) {
    const app = await deps.store.findApp(coupling.app.id)
    if (!app || !(await isAppMember(deps, account, app))) continue
    const found = await deps.commits.compare(coupling.app.id, base, head, MAX_COMMITS)
    if (found) return found
  }
  throw capabilityGone('commit-compare')
}
