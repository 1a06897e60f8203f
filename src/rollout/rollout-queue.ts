import type { Release } from '../core/releases/release.js'
import type { LogSink } from '../logs/log-sink.js'
import type { Store } from '../store/store.js'
import { logApiEvent } from './api-event.js'
import type { Rollout } from './rollout.js'

export interface RolloutQueueOptions {
  /** Takes one release live; resolves with it succeeded or failed, rejects when that cannot be recorded (`GoLive.release`). */
  goLive: (release: Release) => Promise<Release>
  /** What the queue writes itself: a superseded release's outcome. */
  store: Pick<Store, 'finishRelease'>
  logs: LogSink
  /** Where failures of work nobody waits for go (the server's log). */
  onError: (error: unknown, what: string) => void
}

interface Waiting {
  release: Release
  settle: (release: Release) => void
  fail: (error: unknown) => void
}

/**
 * The `Rollout`: one rollout at a time per app. While one runs, only the newest release submitted
 * after it waits; a release it overtakes is superseded (recorded as succeeded, never current)
 * rather than failed. Every submitted release's promise settles, or rejects when the store cannot
 * record its outcome.
 */
export class RolloutQueue implements Rollout {
  readonly #running = new Set<string>()
  readonly #waiting = new Map<string, Waiting>()

  constructor(private readonly options: RolloutQueueOptions) {}

  submit(release: Release): Promise<Release> {
    return new Promise((settle, fail) => {
      const overtaken = this.#waiting.get(release.appId)
      if (overtaken) this.#supersede(overtaken, release).catch(overtaken.fail)
      this.#waiting.set(release.appId, { release, settle, fail })
      this.#work(release.appId).catch((error: unknown) => this.options.onError(error, `the rollout queue of app ${release.appId} stopped`))
    })
  }

  /** Rolls out the app's waiting release, then the one that waits next, until none does. */
  async #work(appId: string): Promise<void> {
    if (this.#running.has(appId)) return
    this.#running.add(appId)
    try {
      for (let next = this.#waiting.get(appId); next; next = this.#waiting.get(appId)) {
        this.#waiting.delete(appId)
        // A failure to record the outcome (the store) fails this release's caller, not the queue.
        await this.options.goLive(next.release).then(next.settle, next.fail)
      }
    } finally {
      this.#running.delete(appId)
    }
  }

  async #supersede(overtaken: Waiting, by: Release): Promise<void> {
    const { release } = overtaken
    logApiEvent(this.options.logs, release.appId, `Release v${release.version} was superseded by v${by.version} before it went live`, release.version)
    overtaken.settle(await this.options.store.finishRelease(release.id, 'succeeded', { current: false }))
  }
}
