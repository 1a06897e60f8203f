import { actorOf, type Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { followReleasePhase } from './follow-release-phase.js'
import { runBuild, type BuildOutcome } from './run-build.js'
import type { ServiceDeps } from './service-deps.js'

export interface DeployCommitInput {
  app: App
  gitDir: string
  commit: string
  commitMessage: string | null
  /** A push's quarantine: the new objects are not in the repository yet. */
  gitEnv: Record<string, string>
  webUrl: string
  onLine: (line: string) => void
  /** Aborts the build (the server is stopping). */
  signal?: AbortSignal
  /**
   * Makes the pushed commit part of the repository, run once the release is live and before the
   * build counts as succeeded: a server killed after that point still has the commit to move the
   * branch to at its next start (git moves it only after the hook has heard success).
   */
  keepCommit?: () => Promise<void>
}

/**
 * A git push to main: records a build of the commit and runs it while the pusher watches, then
 * shows the release phase's output as it runs, as Heroku's push does.
 */
export async function deployCommit(deps: ServiceDeps, caller: Account, input: DeployCommitInput): Promise<BuildOutcome> {
  const build = await deps.store.createBuild({
    appId: input.app.id, sourceVersion: input.commit, sourceDescription: input.commitMessage, sourceUrl: null,
    buildpacks: input.app.buildpacks, stack: input.app.buildStack, actor: actorOf(caller),
  })
  return runBuild(deps, caller, {
    app: input.app, build, webUrl: input.webUrl, onLine: input.onLine, signal: input.signal, beforeSuccess: input.keepCommit,
    followReleasePhase: (release, live, say) => followReleasePhase(deps, release, live, say),
    source: { kind: 'git', gitDir: input.gitDir, commit: input.commit, gitEnv: input.gitEnv },
  })
}
