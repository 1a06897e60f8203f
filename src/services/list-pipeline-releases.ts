import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { Release } from '../core/releases/release.js'
import { authorizePipeline } from './authorize-pipeline.js'
import { currentSlugId } from './current-slug-id.js'
import { isAppMember } from './is-app-member.js'
import type { ServiceDeps } from './service-deps.js'

/** How far back a deployment is looked for. */
const SCAN_RELEASES = 100

export interface PipelineAppRelease {
  app: App
  release: Release
  currentSlugId: string | null
}

/**
 * The newest release of each app in the pipeline the caller can deploy (`latest-releases`), or
 * its newest deployment (`latest-deployments`): the newest release that brought a slug the
 * release before it did not run (a push, a promotion, a rollback to other code).
 */
export async function listPipelineReleases(deps: Pick<ServiceDeps, 'store'>, caller: Account, pipelineRef: string, kind: 'releases' | 'deployments'): Promise<PipelineAppRelease[]> {
  const pipeline = await authorizePipeline(deps, caller, pipelineRef)
  const found: PipelineAppRelease[] = []
  for (const coupling of await deps.store.listCouplings({ pipelineId: pipeline.id })) {
    const app = await deps.store.findApp(coupling.app.id)
    if (!app || !(await isAppMember(deps, caller, app))) continue
    const releases = await deps.store.listReleases(app.id, { order: 'desc', max: kind === 'releases' ? 1 : SCAN_RELEASES })
    const release = kind === 'releases' ? releases[0] : releases.find((r, i) => r.slugId !== null && r.slugId !== releases[i + 1]?.slugId)
    if (release) found.push({ app, release, currentSlugId: await currentSlugId(deps, app) })
  }
  return found
}
