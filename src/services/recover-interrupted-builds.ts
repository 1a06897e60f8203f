import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/** The last line of a build that was running when its server stopped. */
export const INTERRUPTED_BUILD_LINE = ' !     Build failed: the server stopped during this build. Push again (or create the build again) to retry.'

/**
 * At start, before anything resumes: builds still pending from before `startedAt` belonged to a
 * process that is gone, so they can never finish. They fail, with the reason as their output, and
 * so does any release one had appended (its push was refused: the hook never heard success).
 */
export async function recoverInterruptedBuilds(deps: Pick<ServiceDeps, 'store' | 'buildOutputs' | 'logs'>, startedAt: Date): Promise<{ builds: number; releases: number }> {
  const { builds, releaseIds } = await deps.store.failInterruptedBuilds(startedAt)
  for (const build of builds) {
    deps.buildOutputs.append(build.id, INTERRUPTED_BUILD_LINE)
    await deps.buildOutputs.finish(build.id)
    logApiEvent(deps, build.appId, `Build failed -- the server stopped during build ${build.id}`)
  }
  return { builds: builds.length, releases: releaseIds.length }
}
