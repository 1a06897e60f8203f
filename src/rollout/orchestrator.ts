import { randomInt } from 'node:crypto'
import type { Account } from '../core/accounts/account.js'
import { planFormation } from '../core/formation/plan-formation.js'
import type { Release } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { LogSink } from '../logs/log-sink.js'
import { endpoint, type AppRoute, type Endpoint, type RouteSource } from '../router/route-source.js'
import type { AttachedIo, Dyno, DynoSpec, Scheduler } from '../scheduler/scheduler.js'
import type { Store } from '../store/store.js'
import { KeyedMutex } from '../concurrency/keyed-mutex.js'
import { computeRoute, sameDyno, type AppInfo } from './compute-route.js'
import { planDynos, planTask } from './plan-dynos.js'
import type { Rollout } from './rollout.js'
import { BootFailure, NothingDeployed, type DynoMatch, type Runtime } from './runtime.js'

export interface OrchestratorOptions {
  store: Store
  scheduler: Scheduler
  /** The router: waits until no request is in flight to the given dynos. */
  drainer: { drain(endpoints: readonly Endpoint[], timeoutMs: number): Promise<void> }
  logs: LogSink
  /** Where release-phase output goes, for the release's output stream. */
  releaseOutput: { append(releaseId: string, line: string): void; finish(releaseId: string): Promise<void> }
  domain: string
  stopTimeoutMs: number
  releasePhaseTimeoutMs: number
  /** Where failures of work nobody waits for go (the server's log). */
  onError: (error: unknown, what: string) => void
}

interface AppState {
  info: AppInfo
  release: Release | null
  slug: Slug | null
  serving: DynoSpec[] | null
  /** A replacement's dynos while they boot, before the switch. */
  booting: DynoSpec[]
  draining: DynoSpec[]
  generation: number
  route: AppRoute
}

interface Queued {
  release: Release
  settle: (release: Release) => void
  fail: (error: unknown) => void
}

const matches = (match: DynoMatch) => (dyno: { type: string; name: string }) =>
  (match.type === undefined || dyno.type === match.type) && (match.name === undefined || dyno.name === match.name)

/**
 * The one path every release takes to go live: release phase, boot the new
 * dynos, wait until their web dynos are up, switch the router, drain and stop
 * the old ones, then mark the release current. Rollouts run one at a time per
 * app; while one runs, only the newest waiting release is kept (the others are
 * superseded). It also answers the router's route lookups.
 */
export class Orchestrator implements Rollout, Runtime, RouteSource {
  readonly #apps = new Map<string, AppState>()
  readonly #hosts = new Map<string, string>()
  readonly #listeners = new Set<() => void>()
  readonly #busy = new Set<string>()
  readonly #waiting = new Map<string, Queued>()
  /** One change of an app's dynos at a time: rollouts, restarts and scaling. */
  readonly #locks = new KeyedMutex()

  constructor(private readonly o: OrchestratorOptions) {
    o.scheduler.onChange((dyno) => this.#refreshRoute(dyno.appId))
  }

  /**
   * Every `intervalMs`, re-asserts each app's wanted dynos to the scheduler, which starts any that
   * are missing (the scheduler itself restarts crashed ones). Returns a function that stops it.
   */
  reconcileEvery(intervalMs: number): () => void {
    const timer = setInterval(() => {
      for (const [appId, state] of this.#apps) {
        if (!state.serving) continue
        this.#locked(appId, async () => { await this.o.scheduler.apply(appId, this.#wanted(state)) })
          .catch((error: unknown) => this.o.onError(error, `could not reconcile the dynos of app ${appId}`))
      }
    }, intervalMs)
    timer.unref()
    return () => clearInterval(timer)
  }

  /** After a (re)start: run the current release of every app, with its formation. */
  async resume(): Promise<void> {
    for (const app of await this.o.store.listAllApps()) {
      await this.appChanged(app.id)
      const current = app.currentReleaseId ? await this.o.store.getRelease(app.id, { kind: 'id', id: app.currentReleaseId }) : null
      if (current?.slugId) await this.#locked(app.id, () => this.#goLive(current, { releasePhase: false })).catch(() => undefined)
    }
    for (const release of await this.o.store.listPendingReleases()) {
      this.submit(release).catch((error: unknown) => this.o.onError(error, `could not roll out release ${release.id}`))
    }
  }

  submit(release: Release): Promise<Release> {
    return new Promise((settle, fail) => {
      const waiting = this.#waiting.get(release.appId)
      if (waiting) this.#supersede(waiting, release).catch(waiting.fail)
      this.#waiting.set(release.appId, { release, settle, fail })
      this.#drainQueue(release.appId).catch((error: unknown) => this.o.onError(error, `the rollout queue of app ${release.appId} stopped`))
    })
  }

  lookup(host: string): AppRoute | null {
    const appId = this.#hosts.get(host) ?? this.#hosts.get(`*${host.slice(host.indexOf('.'))}`)
    return appId ? this.#apps.get(appId)?.route ?? null : null
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async appChanged(appId: string): Promise<void> {
    const app = await this.o.store.findApp(appId)
    const state = this.#apps.get(appId)
    for (const [host, id] of this.#hosts) if (id === appId) this.#hosts.delete(host)
    if (!app) {
      if (state) await this.o.scheduler.apply(appId, [])
      this.#apps.delete(appId)
      return this.#notify()
    }
    const info = { id: app.id, name: app.name, maintenance: app.maintenance }
    this.#apps.set(appId, state ? { ...state, info } : { info, release: null, slug: null, serving: null, booting: [], draining: [], generation: 0, route: computeRoute(info, null, []) })
    this.#hosts.set(`${app.name}.${this.o.domain}`, appId)
    for (const domain of await this.o.store.listDomains(appId)) this.#hosts.set(domain.hostname, appId)
    this.#refreshRoute(appId)
  }

  async scale(appId: string): Promise<void> {
    await this.#locked(appId, async () => {
      const state = this.#apps.get(appId)
      if (!state?.release || !state.slug) return
      const formation = await this.o.store.listFormation(appId)
      state.serving = planDynos(state.info, state.release, state.slug, formation, state.generation)
      await this.o.scheduler.apply(appId, this.#wanted(state))
      this.#refreshRoute(appId)
    })
  }

  /** Restarting every dyno (or a type) is a rollout of the same release: no request fails. */
  async restart(appId: string, match: DynoMatch): Promise<void> {
    await this.#locked(appId, async () => {
      const state = this.#apps.get(appId)
      if (!state?.release || !state.serving) return
      if (match.name !== undefined) return this.o.scheduler.restart(appId, matches(match))
      await this.#replace(state, state.release, state.slug!, (spec) => matches(match)(spec))
    })
  }

  stop(appId: string, match: DynoMatch): Promise<void> {
    return this.o.scheduler.stop(appId, matches(match))
  }

  dynos(appId: string): Dyno[] {
    return this.o.scheduler.list(appId).filter((d) => d.state !== 'down')
  }

  async runOneOff(appId: string, command: string, caller: Account, options: { attach?: Promise<AttachedIo> } = {}): Promise<Dyno> {
    const state = this.#apps.get(appId)
    if (!state?.release || !state.slug) throw new NothingDeployed('nothing is deployed')
    const name = `run.${randomInt(1000, 10000)}`
    const spec = planTask(state.info, state.release, state.slug, { name, type: 'run', command })
    this.#api(appId, `Starting process with command \`${command}\` by user ${caller.email}`, state.release.version)
    if (options.attach) {
      void this.#runAttached(spec, options.attach).catch((error: unknown) =>
        this.#api(appId, `${name} could not run: ${(error as Error).message}`, spec.releaseVersion))
      return pendingDyno(spec)
    }
    this.o.scheduler.runTask(spec, { timeoutMs: 24 * 3_600_000 }).catch((error: unknown) =>
      this.#api(appId, `${name} could not run: ${(error as Error).message}`, spec.releaseVersion))
    // The task is listed once its slug is ready; answer with that dyno, or what it will be.
    for (let i = 0; i < 50; i++) {
      const listed = this.o.scheduler.list(appId).find((d) => d.name === name)
      if (listed) return listed
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    return pendingDyno(spec)
  }

  /** The dyno starts once its client is attached, and talks to it instead of the logs. */
  async #runAttached(spec: DynoSpec, attach: Promise<AttachedIo>): Promise<void> {
    let io: AttachedIo
    try {
      io = await attach
    } catch (error) {
      this.#api(spec.appId, `${spec.name} was not started: ${(error as Error).message}`, spec.releaseVersion)
      return
    }
    try {
      await this.o.scheduler.runTask(spec, { timeoutMs: 24 * 3_600_000, io })
    } finally {
      io.close()
    }
  }

  async #drainQueue(appId: string): Promise<void> {
    if (this.#busy.has(appId)) return
    this.#busy.add(appId)
    try {
      for (let next = this.#waiting.get(appId); next; next = this.#waiting.get(appId)) {
        this.#waiting.delete(appId)
        const { release, settle, fail } = next
        // A failure to record the outcome (the store) fails this release's caller, not the queue.
        await this.#locked(appId, () => this.#roll(release)).then(settle, fail)
      }
    } finally {
      this.#busy.delete(appId)
    }
  }

  async #supersede(skipped: Queued, by: Release): Promise<void> {
    this.#api(skipped.release.appId, `Release v${skipped.release.version} was superseded by v${by.version} before it went live`, skipped.release.version)
    skipped.settle(await this.o.store.finishRelease(skipped.release.id, 'succeeded', { current: false }))
  }

  async #roll(release: Release): Promise<Release> {
    try {
      return await this.#goLive(release, { releasePhase: true })
    } catch (error) {
      this.#api(release.appId, `Release v${release.version} failed: ${(error as Error).message}`, release.version)
      return this.o.store.finishRelease(release.id, 'failed')
    }
  }

  async #goLive(release: Release, options: { releasePhase: boolean }): Promise<Release> {
    if (!this.#apps.has(release.appId)) await this.appChanged(release.appId)
    const state = this.#apps.get(release.appId)!
    if (!release.slugId) return this.o.store.finishRelease(release.id, 'succeeded')
    const slug = await this.o.store.getSlug(release.appId, release.slugId)
    if (!slug || slug.deletedAt) throw new Error('its slug is gone')
    if (options.releasePhase && slug.processTypes.release) await this.#releasePhase(state, release, slug)
    await this.#replace(state, release, slug, () => true)
    return release.status === 'pending' ? this.o.store.finishRelease(release.id, 'succeeded') : release
  }

  async #releasePhase(state: AppState, release: Release, slug: Slug): Promise<void> {
    const command = slug.processTypes.release!
    const name = `release.${randomInt(1000, 10000)}`
    this.#api(release.appId, `Running release v${release.version} commands by user ${release.actor.email}`, release.version)
    const spec = planTask(state.info, release, slug, { name, type: 'release', command })
    const result = await this.o.scheduler.runTask(spec, { timeoutMs: this.o.releasePhaseTimeoutMs, onLine: (line) => this.o.releaseOutput.append(release.id, line) })
    await this.o.releaseOutput.finish(release.id)
    if (result.exitCode !== 0) {
      this.#api(release.appId, `Release v${release.version} command failed by user ${release.actor.email}`, release.version)
      throw new Error(`the release command exited with status ${result.exitCode}`)
    }
  }

  /**
   * Boots `release`'s dynos next to the serving ones, waits for its web dynos to be up, switches
   * the route, then drains and stops what it replaced. If the new dynos fail to boot, they are
   * stopped and the old ones never stopped serving.
   */
  async #replace(state: AppState, release: Release, slug: Slug, replaces: (spec: DynoSpec) => boolean): Promise<void> {
    const appId = release.appId
    const formation = planFormation(await this.o.store.listFormation(appId), slug.processTypes).entries
    const generation = ++state.generation
    const planned = planDynos(state.info, release, slug, formation, generation)
    const old = state.serving ?? []
    const next = [...planned.filter(replaces), ...old.filter((spec) => !replaces(spec))]
    state.booting = next.filter((spec) => spec.generation === generation)
    const started = await this.o.scheduler.apply(appId, this.#wanted(state))
    const newWeb = started.filter((d) => d.generation === generation && d.type === 'web')
    try {
      await Promise.all(newWeb.map((dyno) => this.o.scheduler.waitUntilUp(dyno.id)))
    } catch (error) {
      state.booting = []
      await this.o.scheduler.apply(appId, this.#wanted(state))
      throw new BootFailure((error as Error).message)
    }
    const leaving = old.filter(replaces)
    const endpoints = this.o.scheduler.list(appId).filter((d) => d.port !== null && leaving.some((spec) => sameDyno(spec, d))).map((d) => endpoint(d.host, d.port!))
    state.release = release
    state.slug = slug
    state.serving = next
    state.booting = []
    state.draining = [...state.draining, ...leaving]
    this.#refreshRoute(appId)
    this.o.drainer.drain(endpoints, this.o.stopTimeoutMs).then(() => this.#locked(appId, async () => {
      state.draining = state.draining.filter((spec) => !leaving.includes(spec))
      await this.o.scheduler.apply(appId, this.#wanted(state))
    })).catch((error: unknown) => this.o.onError(error, `could not stop the drained dynos of app ${appId}`))
  }

  /** Every dyno the app should have right now: draining, serving, and a replacement's booting ones. */
  #wanted(state: AppState): DynoSpec[] {
    return [...state.draining, ...(state.serving ?? []), ...state.booting]
  }

  #locked<T>(appId: string, work: () => Promise<T>): Promise<T> {
    return this.#locks.acquire(appId).then(async (unlock) => {
      try {
        return await work()
      } finally {
        unlock()
      }
    })
  }

  #refreshRoute(appId: string): void {
    const state = this.#apps.get(appId)
    if (!state) return
    state.route = computeRoute(state.info, state.serving, this.o.scheduler.list(appId))
    this.#notify()
  }

  #notify(): void {
    for (const listener of this.#listeners) listener()
  }

  #api(appId: string, message: string, releaseVersion: number): void {
    this.o.logs.write({ appId, source: 'app', process: 'api', message, releaseVersion })
  }
}

/** A one-off dyno as the API reports it before the scheduler lists it. */
function pendingDyno(spec: DynoSpec): Dyno {
  const now = new Date()
  return {
    id: `${spec.releaseId}:${spec.name}`, appId: spec.appId, name: spec.name, type: spec.type, releaseId: spec.releaseId,
    releaseVersion: spec.releaseVersion, generation: 0, command: spec.command, size: spec.size, state: 'starting', host: '127.0.0.1', port: null, createdAt: now, updatedAt: now,
  }
}
