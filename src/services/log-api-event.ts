import type { ServiceDeps } from './service-deps.js'

/** An `app[api]` line such as `Set FOO config vars by user a@b.c`. */
export function logApiEvent(deps: Pick<ServiceDeps, 'logs'>, appId: string, message: string, releaseVersion: number | null = null): void {
  deps.logs.write({ appId, source: 'app', process: 'api', message, releaseVersion })
}
