import type { FormationEntry } from '../core/formation/plan-formation.js'
import type { Release } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { LogSink } from '../logs/log-sink.js'
import { endpoint, type Endpoint } from '../router/route-source.js'
import type { Dyno, DynoSpec, Scheduler } from '../scheduler/scheduler.js'
import type { Store } from '../store/store.js'
import { logApiEvent } from './api-event.js'
import { sameDyno, type AppInfo } from './compute-route.js'
import { wantedDynos, type AppDynos, type Fleet } from './fleet.js'
import { planDynos } from './plan-dynos.js'
import { runReleasePhase, type ReleaseOutput } from './release-phase.js'
import type { RouteTable } from './route-table.js'
import { BootFailure } from './runtime.js'
import { recordSlugFormation, slugFormation } from './slug-formation.js'

/** What going live reads and writes in the store: the slug, the formation, and the release's outcome. */
export type GoLiveStore = Pick<Store, 'getSlug' | 'listFormation' | 'replaceFormation' | 'finishRelease'>

/** The router: resolves once no request is in flight to these dynos, or the time is up. */
export interface Drainer {
  drain(endpoints: readonly Endpoint[], timeoutMs: number): Promise<void>
}

export interface GoLiveOptions {
  store: GoLiveStore
  scheduler: Pick<Scheduler, 'apply' | 'list' | 'waitUntilUp' | 'runTask'>
  routes: Pick<RouteTable, 'app' | 'load' | 'serve'>
  fleet: Fleet
  drainer: Drainer
  logs: LogSink
  releaseOutput: ReleaseOutput
  stopTimeoutMs: number
  releasePhaseTimeoutMs: number
  /** Where failures of work nobody waits for go (the drain and stop after a switch). */
  onError: (error: unknown, what: string) => void
  /** Told each time a release becomes its app's current one, with the release it replaced (release health). */
  wentLive?: (release: Release, replaced: Release | null) => void
  /** Told when, after a server restart, an app's current release serves again (release health resumes its watch). */
  resumed?: (release: Release) => void
}

/**
 * How a release goes live, under its app's lock: release phase, boot the new generation beside the
 * serving one, wait until its web dynos are up (the health gate), switch the route, then drain and
 * stop the dynos it replaced. If anything before the switch fails, the new dynos stop and the old
 * ones never stopped serving. A restart takes the same steps with the same release.
 */
export class GoLive {
  constructor(private readonly options: GoLiveOptions) {}

  /**
   * Takes a new release live. Resolves with it succeeded (and current, unless a newer one is), or
   * failed with the reason in the app's logs; rejects only when the store cannot record which.
   */
  release(release: Release): Promise<Release> {
    const { store, fleet, logs } = this.options
    return fleet.locked(release.appId, async () => {
      const replaced = fleet.find(release.appId)?.release ?? null
      let slug: Slug | null
      try {
        slug = await this.#goLive(release, { releasePhase: true })
      } catch (error) {
        logApiEvent(logs, release.appId, `Release v${release.version} failed: ${(error as Error).message}`, release.version)
        return store.finishRelease(release.id, 'failed')
      }
      const finished = await store.finishRelease(release.id, 'succeeded')
      if (finished.current && slug) {
        await recordSlugFormation(store, logs, finished, slug)
        this.options.wentLive?.(finished, replaced)
      }
      return finished
    })
  }

  /** After a server restart: the current release's dynos again, without its release phase. */
  resume(release: Release): Promise<void> {
    return this.options.fleet.locked(release.appId, async () => {
      await this.#goLive(release, { releasePhase: false })
      this.options.resumed?.(release)
    })
  }

  /** Replaces the serving dynos `replaces` picks with a new generation of the same release; rejects with BootFailure if it does not come up. */
  restart(appId: string, replaces: (spec: DynoSpec) => boolean): Promise<void> {
    const { fleet, routes } = this.options
    return fleet.locked(appId, async () => {
      const app = routes.app(appId)
      const dynos = fleet.find(appId)
      if (!app || !dynos?.release || !dynos.slug || !dynos.serving) return
      const { entries } = await slugFormation(this.options.store, appId, dynos.slug)
      await this.#replace(app, dynos.release, dynos.slug, entries, replaces)
    })
  }

  /** The steps, top to bottom. Resolves with the slug that went live (null for a release without one). */
  async #goLive(release: Release, { releasePhase }: { releasePhase: boolean }): Promise<Slug | null> {
    const { routes, store, scheduler, releaseOutput, logs, releasePhaseTimeoutMs } = this.options
    const app = routes.app(release.appId) ?? await routes.load(release.appId)
    if (!release.slugId) return null
    if (!app) throw new Error('its app is gone')
    const slug = await store.getSlug(release.appId, release.slugId)
    if (!slug || slug.deletedAt) throw new Error('its slug is gone')
    if (releasePhase && slug.processTypes.release) {
      await runReleasePhase({ scheduler, releaseOutput, logs, timeoutMs: releasePhaseTimeoutMs }, app, release, slug)
    }
    const { entries } = await slugFormation(store, release.appId, slug)
    await this.#replace(app, release, slug, entries, () => true)
    return slug
  }

  /**
   * Boots the new generation beside the serving one, waits for its web dynos (the health gate),
   * switches the route to it, then drains and stops what it replaced, in the background.
   */
  async #replace(app: AppInfo, release: Release, slug: Slug, formation: readonly FormationEntry[], replaces: (spec: DynoSpec) => boolean): Promise<void> {
    const dynos = this.options.fleet.of(app.id)
    const old = dynos.serving ?? []
    const generation = ++dynos.generation
    const next = [...planDynos(app, release, slug, formation, generation).filter(replaces), ...old.filter((spec) => !replaces(spec))]
    dynos.booting = next.filter((spec) => spec.generation === generation)
    const started = await this.options.scheduler.apply(app.id, wantedDynos(dynos))
    await this.#healthGate(app.id, dynos, started.filter((dyno) => dyno.generation === generation && dyno.type === 'web'))
    const leaving = old.filter(replaces)
    Object.assign(dynos, { release, slug, serving: next, booting: [], draining: [...dynos.draining, ...leaving] } satisfies Partial<AppDynos>)
    this.options.routes.serve(app.id, next)
    this.#drainThenStop(app.id, dynos, leaving)
  }

  /** Every new web dyno is up; otherwise the new dynos stop, the serving ones never stopped, and it throws BootFailure. */
  async #healthGate(appId: string, dynos: AppDynos, newWeb: readonly Dyno[]): Promise<void> {
    try {
      await Promise.all(newWeb.map((dyno) => this.options.scheduler.waitUntilUp(dyno.id)))
    } catch (error) {
      dynos.booting = []
      await this.options.scheduler.apply(appId, wantedDynos(dynos))
      throw new BootFailure((error as Error).message)
    }
  }

  /** Once the router has no request in flight to them (or the stop timeout has passed), the replaced dynos stop. */
  #drainThenStop(appId: string, dynos: AppDynos, leaving: readonly DynoSpec[]): void {
    const { drainer, fleet, scheduler, stopTimeoutMs, onError } = this.options
    const endpoints = scheduler.list(appId)
      .filter((dyno) => dyno.port !== null && leaving.some((spec) => sameDyno(spec, dyno)))
      .map((dyno) => endpoint(dyno.host, dyno.port!))
    const stop = () => fleet.locked(appId, async () => {
      dynos.draining = dynos.draining.filter((spec) => !leaving.includes(spec))
      await scheduler.apply(appId, wantedDynos(dynos))
    })
    // A drain that fails still ends in the stop: replaced dynos never linger.
    drainer.drain(endpoints, stopTimeoutMs)
      .catch((error: unknown) => onError(error, `could not drain the replaced dynos of app ${appId}`))
      .then(stop)
      .catch((error: unknown) => onError(error, `could not stop the drained dynos of app ${appId}`))
  }
}
