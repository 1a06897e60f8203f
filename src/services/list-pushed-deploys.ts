import type { ServiceDeps } from './service-deps.js'

/** How far back to look for an app's last deploy from a push; a page of builds is one query. */
const RECENT_BUILDS = 50

export interface PushedDeploy {
  appId: string
  /** The commit of the app's newest build from a git push that succeeded. */
  commit: string
}

/**
 * Each app's newest succeeded build from a git push (a Build API build names its source URL
 * instead). At start the git edge moves a branch its push could not move to this commit: a server
 * killed after a build succeeded but before git heard of it leaves the branch behind the release.
 */
export async function listPushedDeploys(deps: Pick<ServiceDeps, 'store'>): Promise<PushedDeploy[]> {
  const deploys: PushedDeploy[] = []
  for (const app of await deps.store.listAllApps()) {
    const builds = await deps.store.listBuilds(app.id, { order: 'desc', max: RECENT_BUILDS })
    const pushed = builds.find((build) => build.status === 'succeeded' && build.sourceUrl === null && build.sourceVersion)
    if (pushed?.sourceVersion) deploys.push({ appId: app.id, commit: pushed.sourceVersion })
  }
  return deploys
}
