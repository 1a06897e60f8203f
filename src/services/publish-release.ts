import type { Release } from '../core/releases/release.js'
import type { ServiceDeps } from './service-deps.js'

/** Announces a freshly appended release and hands it to the rollout. */
export async function publishRelease(deps: Pick<ServiceDeps, 'logs' | 'rollout'>, release: Release): Promise<Release> {
  deps.logs.write({
    appId: release.appId,
    source: 'app',
    process: 'api',
    message: `Release v${release.version} created by user ${release.actor.email}`,
    releaseVersion: release.version,
  })
  return deps.rollout.submit(release)
}

/** An `app[api]` line such as `Set FOO config vars by user a@b.c`. */
export function logApiEvent(deps: Pick<ServiceDeps, 'logs'>, appId: string, message: string, releaseVersion: number | null = null): void {
  deps.logs.write({ appId, source: 'app', process: 'api', message, releaseVersion })
}
