import type { Account } from '../core/accounts/account.js'
import type { AttachedIo, Dyno } from '../scheduler/scheduler.js'

/** Which dynos a dyno command means: all, a process type (`-p web`), or one dyno (`-d web.1`). */
export interface DynoMatch {
  type?: string
  name?: string
}

/** New dynos of a rollout did not come up (crashed, R10, stopped); the ones that were serving still are. */
export class BootFailure extends Error {}

/** The app has no release with a slug running yet (nothing to run a one-off dyno on). */
export class NothingDeployed extends Error {}

/**
 * What services ask of the running platform besides releases: converge after a
 * formation change, restart or stop dynos, run one-off commands, list dynos,
 * and notice app changes that affect routing (rename, maintenance).
 */
export interface Runtime {
  scale(appId: string): Promise<void>
  /** Rejects with BootFailure when the restarted dynos do not come up. */
  restart(appId: string, match: DynoMatch): Promise<void>
  stop(appId: string, match: DynoMatch): Promise<void>
  dynos(appId: string): Dyno[]
  /**
   * Starts a one-off dyno on the current release. Its output goes to the logs;
   * with `attach`, the dyno starts once that connection arrives and talks over it.
   */
  runOneOff(appId: string, command: string, caller: Account, options?: { attach?: Promise<AttachedIo> }): Promise<Dyno>
  /**
   * Runs a command as a one-off dyno on the current release to its end (app.json's postdeploy),
   * each output line to `onLine` as well as the logs; NothingDeployed without a release to run on.
   */
  runScript(appId: string, command: string, caller: Account, options: { type: string; onLine: (line: string) => void; timeoutMs: number }): Promise<{ exitCode: number; timedOut: boolean }>
  appChanged(appId: string): Promise<void>
}
