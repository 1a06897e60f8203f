import { KeyedMutex } from '../concurrency/keyed-mutex.js'
import type { Release } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { DynoSpec } from '../scheduler/scheduler.js'

/** The dynos one app should run: the serving generation, a replacement booting beside it, and replaced ones draining. */
export interface AppDynos {
  /** The release (and its slug) the serving dynos run; null until one has gone live. */
  release: Release | null
  slug: Slug | null
  /** The generation requests go to; null while nothing is deployed. */
  serving: DynoSpec[] | null
  /** A replacement's dynos while they boot, before the switch. */
  booting: DynoSpec[]
  /** Replaced dynos while their in-flight requests finish. */
  draining: DynoSpec[]
  /** Numbers each replacement, so a restart's dynos are told apart from those they replace. */
  generation: number
}

/** Every dyno an app should have right now: draining, serving, and a replacement's booting ones. */
export function wantedDynos(app: AppDynos): DynoSpec[] {
  return [...app.draining, ...(app.serving ?? []), ...app.booting]
}

/**
 * Every app's wanted dynos, and the per-app lock that every change of them takes (rollouts,
 * restarts, scaling, the end of a drain), so that no step stops another's dynos.
 */
export class Fleet {
  readonly #apps = new Map<string, AppDynos>()
  readonly #locks = new KeyedMutex()

  /** The app's dynos; an app seen for the first time has none. */
  of(appId: string): AppDynos {
    let app = this.#apps.get(appId)
    if (!app) {
      app = { release: null, slug: null, serving: null, booting: [], draining: [], generation: 0 }
      this.#apps.set(appId, app)
    }
    return app
  }

  find(appId: string): AppDynos | undefined {
    return this.#apps.get(appId)
  }

  forget(appId: string): void {
    this.#apps.delete(appId)
  }

  /** The apps with a serving generation. */
  deployed(): [string, AppDynos][] {
    return [...this.#apps].filter(([, app]) => app.serving !== null)
  }

  /** Runs `work` while holding the app's lock. */
  async locked<T>(appId: string, work: () => Promise<T>): Promise<T> {
    const unlock = await this.#locks.acquire(appId)
    try {
      return await work()
    } finally {
      unlock()
    }
  }
}
