import type { AppRoute, RouteSource } from '../router/route-source.js'
import type { DynoSpec, Scheduler } from '../scheduler/scheduler.js'
import type { Store } from '../store/store.js'
import { computeRoute, type AppInfo } from './compute-route.js'

/** What the route table reads of the store: an app's name and maintenance, and its custom domains. */
export type RouteStore = Pick<Store, 'findApp' | 'listDomains'>

export interface RouteTableOptions {
  store: RouteStore
  /** Which dynos run and whether they are up; a change of any dyno recomputes its app's route. */
  scheduler: Pick<Scheduler, 'list' | 'onChange'>
  /** Apps answer at `<name>.<domain>`. */
  domain: string
}

interface Routed {
  info: AppInfo
  serving: readonly DynoSpec[] | null
  route: AppRoute
}

/**
 * The router's `RouteSource`: `<app>.<domain>` and each custom domain (exact, or `*.example.com`
 * for one label) lead to the app's route. A route is recomputed whenever the serving dynos change
 * (a switch, a scale) or the scheduler reports a dyno's new state, so a lookup only reads a map.
 */
export class RouteTable implements RouteSource {
  readonly #apps = new Map<string, Routed>()
  readonly #hosts = new Map<string, string>()
  readonly #listeners = new Set<() => void>()

  constructor(private readonly options: RouteTableOptions) {
    options.scheduler.onChange((dyno) => this.#refresh(dyno.appId))
  }

  lookup(host: string): AppRoute | null {
    const appId = this.#hosts.get(host) ?? this.#hosts.get(`*${host.slice(host.indexOf('.'))}`)
    return appId ? this.#apps.get(appId)?.route ?? null : null
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The app as routed now (id, name, maintenance), if the table knows it. */
  app(appId: string): AppInfo | null {
    return this.#apps.get(appId)?.info ?? null
  }

  /**
   * Reads the app's name, maintenance and custom domains again and routes them. Resolves with the
   * app, or null when it is gone: its hosts then lead nowhere.
   */
  async load(appId: string): Promise<AppInfo | null> {
    const app = await this.options.store.findApp(appId)
    const domains = app ? await this.options.store.listDomains(app.id) : []
    for (const [host, id] of this.#hosts) if (id === appId) this.#hosts.delete(host)
    if (!app) {
      this.#apps.delete(appId)
      this.#notify()
      return null
    }
    const info = { id: app.id, name: app.name, maintenance: app.maintenance }
    const serving = this.#apps.get(appId)?.serving ?? null
    this.#apps.set(appId, { info, serving, route: computeRoute(info, serving, this.options.scheduler.list(appId)) })
    this.#hosts.set(`${app.name}.${this.options.domain}`, appId)
    for (const domain of domains) this.#hosts.set(domain.hostname, appId)
    this.#notify()
    return info
  }

  /** The switch: from now on the app's requests go to the up web dynos among `serving`. */
  serve(appId: string, serving: readonly DynoSpec[] | null): void {
    const routed = this.#apps.get(appId)
    if (!routed) return
    routed.serving = serving
    this.#refresh(appId)
  }

  #refresh(appId: string): void {
    const routed = this.#apps.get(appId)
    if (!routed) return
    routed.route = computeRoute(routed.info, routed.serving, this.options.scheduler.list(appId))
    this.#notify()
  }

  #notify(): void {
    for (const listener of this.#listeners) listener()
  }
}
