import type { LogDrain } from '../../core/logs/log-drain.js'
import type { LineListener } from '../log-buffer.js'
import type { Drain, DrainOptions } from './drain.js'
import { openDrain } from './open-drain.js'

export interface ActiveDrainsOptions extends DrainOptions {
  drains: { listDrains(appId?: string): Promise<LogDrain[]> }
  logs: { subscribe(appId: string, listener: LineListener): () => void }
}

/** The log drains being delivered to: one Drain per configured drain, fed from the log bus. */
export class ActiveDrains {
  readonly #active = new Map<string, { drain: LogDrain; delivery: Drain; unsubscribe(): void }>()

  constructor(private readonly options: ActiveDrainsOptions) {}

  async start(): Promise<void> {
    for (const drain of await this.options.drains.listDrains()) this.#open(drain)
  }

  /** Re-reads an app's drains after one was added or removed. */
  async refresh(appId: string): Promise<void> {
    const drains = await this.options.drains.listDrains(appId)
    for (const [id, active] of this.#active) {
      if (active.drain.appId === appId && !drains.some((d) => d.id === id)) this.#close(id)
    }
    for (const drain of drains) if (!this.#active.has(drain.id)) this.#open(drain)
  }

  close(): void {
    for (const id of [...this.#active.keys()]) this.#close(id)
  }

  #open(drain: LogDrain): void {
    const delivery = openDrain(new URL(drain.url), drain.token, this.options)
    const unsubscribe = this.options.logs.subscribe(drain.appId, (line) => delivery.push(line))
    this.#active.set(drain.id, { drain, delivery, unsubscribe })
  }

  #close(id: string): void {
    const active = this.#active.get(id)
    if (!active) return
    active.unsubscribe()
    active.delivery.close()
    this.#active.delete(id)
  }
}
