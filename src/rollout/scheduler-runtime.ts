import type { Account } from '../core/accounts/account.js'
import type { LogSink } from '../logs/log-sink.js'
import type { AttachedIo, Dyno, Scheduler } from '../scheduler/scheduler.js'
import type { Store } from '../store/store.js'
import { wantedDynos, type Fleet } from './fleet.js'
import type { GoLive } from './go-live.js'
import { runScriptDyno, startOneOff } from './one-off-dyno.js'
import { planDynos } from './plan-dynos.js'
import type { Rollout } from './rollout.js'
import type { RouteTable } from './route-table.js'
import { NothingDeployed, type DynoMatch, type Runtime } from './runtime.js'

/** What the runtime reads of the store: apps and releases to resume, and the formation to scale to. */
export type RuntimeStore = Pick<Store, 'listAllApps' | 'getRelease' | 'listPendingReleases' | 'listFormation'>

export interface SchedulerRuntimeOptions {
  store: RuntimeStore
  scheduler: Pick<Scheduler, 'apply' | 'list' | 'restart' | 'stop' | 'runTask'>
  routes: Pick<RouteTable, 'app' | 'load' | 'serve'>
  fleet: Fleet
  goLive: Pick<GoLive, 'resume' | 'restart'>
  /** Where releases still pending after a restart go. */
  rollout: Rollout
  logs: LogSink
  /** Where failures of work nobody waits for go (the server's log). */
  onError: (error: unknown, what: string) => void
}

const matches = (match: DynoMatch) => (dyno: { type: string; name: string }) =>
  (match.type === undefined || dyno.type === match.type) && (match.name === undefined || dyno.name === match.name)

/**
 * The `Runtime` on a `Scheduler`: converges an app's dynos to its formation, restarts and stops
 * them, runs one-off dynos, follows app changes into the route table, brings every app back after
 * a server restart, and re-asserts the wanted dynos now and then.
 */
export class SchedulerRuntime implements Runtime {
  constructor(private readonly options: SchedulerRuntimeOptions) {}

  async scale(appId: string): Promise<void> {
    const { fleet, routes, store, scheduler } = this.options
    await fleet.locked(appId, async () => {
      const app = routes.app(appId)
      const dynos = fleet.find(appId)
      if (!app || !dynos?.release || !dynos.slug) return
      dynos.serving = planDynos(app, dynos.release, dynos.slug, await store.listFormation(appId), dynos.generation)
      await scheduler.apply(appId, wantedDynos(dynos))
      routes.serve(appId, dynos.serving)
    })
  }

  /** A whole type (or every dyno) restarts as a rollout of the same release, so no request fails; one dyno restarts in place. */
  async restart(appId: string, match: DynoMatch): Promise<void> {
    const { fleet, goLive, scheduler } = this.options
    if (match.name === undefined) return goLive.restart(appId, matches(match))
    await fleet.locked(appId, async () => {
      if (fleet.find(appId)?.serving) await scheduler.restart(appId, matches(match))
    })
  }

  stop(appId: string, match: DynoMatch): Promise<void> {
    return this.options.scheduler.stop(appId, matches(match))
  }

  dynos(appId: string): Dyno[] {
    return this.options.scheduler.list(appId).filter((dyno) => dyno.state !== 'down')
  }

  async runOneOff(appId: string, command: string, caller: Account, options: { attach?: Promise<AttachedIo> } = {}): Promise<Dyno> {
    const app = this.options.routes.app(appId)
    const { release, slug } = this.options.fleet.find(appId) ?? {}
    if (!app || !release || !slug) throw new NothingDeployed('nothing is deployed')
    return startOneOff(this.options, { app, release, slug }, command, caller, options.attach)
  }

  async runScript(appId: string, command: string, caller: Account, options: { type: string; onLine: (line: string) => void; timeoutMs: number }): Promise<{ exitCode: number; timedOut: boolean }> {
    const app = this.options.routes.app(appId)
    const { release, slug } = this.options.fleet.find(appId) ?? {}
    if (!app || !release || !slug) throw new NothingDeployed('nothing is deployed')
    return runScriptDyno(this.options, { app, release, slug }, command, caller, options)
  }

  /** Routes the app's name, maintenance and domains again; a deleted app's dynos stop. */
  async appChanged(appId: string): Promise<void> {
    if (await this.options.routes.load(appId)) return
    await this.options.scheduler.apply(appId, [])
    this.options.fleet.forget(appId)
  }

  /** After a (re)start: every app's current release runs again, with its formation; pending releases roll out. */
  async resume(): Promise<void> {
    const { store, goLive, rollout, onError } = this.options
    for (const app of await store.listAllApps()) {
      await this.appChanged(app.id)
      const current = app.currentReleaseId ? await store.getRelease(app.id, { kind: 'id', id: app.currentReleaseId }) : null
      // A current release that no longer boots says why in the app's own logs; the other apps come back regardless.
      if (current?.slugId) await goLive.resume(current).catch(() => undefined)
    }
    for (const release of await store.listPendingReleases()) {
      rollout.submit(release).catch((error: unknown) => onError(error, `could not roll out release ${release.id}`))
    }
  }

  /**
   * Every `intervalMs`, re-asserts each app's wanted dynos to the scheduler, which starts any that
   * are missing (the scheduler itself restarts crashed ones). Returns a function that stops it.
   */
  reconcileEvery(intervalMs: number): () => void {
    const { fleet, scheduler, onError } = this.options
    const timer = setInterval(() => {
      for (const [appId, dynos] of fleet.deployed()) {
        fleet.locked(appId, async () => { await scheduler.apply(appId, wantedDynos(dynos)) })
          .catch((error: unknown) => onError(error, `could not reconcile the dynos of app ${appId}`))
      }
    }, intervalMs)
    timer.unref()
    return () => clearInterval(timer)
  }
}
