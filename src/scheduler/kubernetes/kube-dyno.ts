import type { LogSink } from '../../logs/log-sink.js'
import type { Dyno, DynoSpec, DynoState } from '../scheduler.js'

/**
 * One dyno (`web.1`) of a Deployment: the pod that runs it now, if any, and its state as Heroku
 * names it. A Deployment's pods have no order, so each pod is given a free dyno when it appears;
 * a pod that replaces another takes the dyno its predecessor left.
 */
export class KubeDyno {
  readonly dyno: Dyno
  pod: string | null = null
  containerId: string | null = null
  /** The last run whose exit was reported. */
  exitedId: string | null = null
  stopping = false
  failure: string | null = null
  bootTimer: NodeJS.Timeout | null = null
  readonly #waiters = new Set<{ resolve(): void; reject(error: Error): void }>()

  constructor(readonly spec: DynoSpec, readonly set: string, private readonly logs: LogSink | undefined, private readonly changed: (dyno: Dyno) => void) {
    const now = new Date()
    this.dyno = {
      id: `${set}/${spec.name}`, appId: spec.appId, name: spec.name, type: spec.type, releaseId: spec.releaseId, releaseVersion: spec.releaseVersion,
      generation: spec.generation ?? 0, command: spec.command, size: spec.size, state: 'starting', host: '', port: null, createdAt: now, updatedAt: now,
    }
  }

  log(source: 'app' | 'heroku', message: string): void {
    this.logs?.write({ appId: this.spec.appId, source, process: this.spec.name, message, releaseVersion: this.spec.releaseVersion })
  }

  setState(state: DynoState): void {
    const from = this.dyno.state
    if (from === state) return
    this.dyno.state = state
    this.dyno.updatedAt = new Date()
    this.log('heroku', `State changed from ${from} to ${state}`)
    if (state !== 'starting') this.clearBootTimer()
    if (state === 'up') {
      this.failure = null
      for (const waiter of this.#waiters) waiter.resolve()
      this.#waiters.clear()
    }
    if (state === 'crashed' || state === 'down') {
      const reason = new Error(state === 'down' ? 'the dyno was stopped' : this.failure ?? 'the dyno crashed')
      for (const waiter of this.#waiters) waiter.reject(reason)
      this.#waiters.clear()
    }
    this.changed({ ...this.dyno })
  }

  waitUntilUp(): Promise<void> {
    if (this.dyno.state === 'up') return Promise.resolve()
    if (this.dyno.state === 'down' || (this.dyno.state === 'crashed' && this.failure)) return Promise.reject(new Error(this.failure ?? `the dyno is ${this.dyno.state}`))
    return new Promise((resolve, reject) => this.#waiters.add({ resolve, reject }))
  }

  clearBootTimer(): void {
    if (this.bootTimer) clearTimeout(this.bootTimer)
    this.bootTimer = null
  }
}
