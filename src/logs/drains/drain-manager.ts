import type { LogDrain } from '../../store/store.js'
import type { LineListener } from '../log-buffer.js'
import { HttpsDrain } from './https-drain.js'
import { SyslogDrain, type DrainOptions } from './syslog-drain.js'

interface Sender {
  push: LineListener
  close(): void
}

export interface DrainManagerOptions extends DrainOptions {
  drains: { listDrains(appId?: string): Promise<LogDrain[]> }
  logs: { subscribe(appId: string, listener: LineListener): () => void }
}

/**
 * Keeps one sender per log drain, fed from the log bus. Delivery never blocks the bus: each
 * sender has its own bounded queue.
 */
export class DrainManager {
  readonly #active = new Map<string, { drain: LogDrain; sender: Sender; unsubscribe(): void }>()

  constructor(private readonly options: DrainManagerOptions) {}

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
    const url = new URL(drain.url)
    const sender = url.protocol.startsWith('syslog')
      ? new SyslogDrain(url, drain.token, this.options)
      : new HttpsDrain(url, drain.token, this.options)
    const unsubscribe = this.options.logs.subscribe(drain.appId, (line) => sender.push(line))
    this.#active.set(drain.id, { drain, sender: { push: (line) => sender.push(line), close: () => sender.close() }, unsubscribe })
  }

  #close(id: string): void {
    const active = this.#active.get(id)
    if (!active) return
    active.unsubscribe()
    active.sender.close()
    this.#active.delete(id)
  }
}
