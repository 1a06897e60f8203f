import type { Endpoint } from './route-source.js'
import { UpstreamConnection, type ConnectionPool } from './upstream-connection.js'

export interface PoolOptions {
  /** How long a dyno may send nothing in the middle of a response before the router gives up (Heroku: 55 s, H15). */
  responseIdleMs?: number
  /** Idle keep-alive connections close after this (default 4 s). */
  idleTimeoutMs?: number
  /** Idle keep-alive connections kept per dyno (default 128). */
  maxIdlePerPort?: number
}

/**
 * Keep-alive connections to dynos, by port. A connection returns to its
 * port's idle list after a complete response; idle ones are closed after
 * `idleTimeoutMs` (below the 5 s keep-alive timeout of Node's HTTP server,
 * the commonest dyno) and at most `maxIdlePerPort` are kept.
 */
export class UpstreamPool implements ConnectionPool {
  readonly #idle = new Map<string, UpstreamConnection[]>()
  readonly #sweeper: NodeJS.Timeout

  readonly responseIdleMs: number
  readonly #idleTimeoutMs: number
  readonly #maxIdlePerPort: number

  constructor(options: PoolOptions = {}) {
    this.responseIdleMs = options.responseIdleMs ?? 55_000
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 4000
    this.#maxIdlePerPort = options.maxIdlePerPort ?? 128
    this.#sweeper = setInterval(() => this.#sweep(), Math.max(100, this.#idleTimeoutMs / 4)).unref()
  }

  acquire(endpoint: Endpoint): UpstreamConnection {
    const idle = this.#idle.get(endpoint.key)
    const now = Date.now()
    while (idle && idle.length > 0) {
      const connection = idle.pop()!
      if (now - connection.idleSince < this.#idleTimeoutMs && !connection.socket.destroyed) return connection
      connection.socket.destroy()
    }
    return new UpstreamConnection(endpoint, this)
  }

  release(connection: UpstreamConnection): void {
    let idle = this.#idle.get(connection.endpoint.key)
    if (!idle) this.#idle.set(connection.endpoint.key, (idle = []))
    if (idle.length >= this.#maxIdlePerPort) return void connection.socket.destroy()
    connection.idleSince = Date.now()
    idle.push(connection)
  }

  forget(connection: UpstreamConnection): void {
    const idle = this.#idle.get(connection.endpoint.key)
    const index = idle?.indexOf(connection) ?? -1
    if (index >= 0) idle!.splice(index, 1)
  }

  /** Closes the idle connections to these dynos (a drained dyno's). */
  drop(endpoints: readonly Pick<Endpoint, 'key'>[]): void {
    for (const { key } of endpoints) {
      for (const connection of this.#idle.get(key) ?? []) connection.socket.destroy()
      this.#idle.delete(key)
    }
  }

  close(): void {
    clearInterval(this.#sweeper)
    this.drop([...this.#idle.keys()].map((key) => ({ key })))
  }

  #sweep(): void {
    const oldest = Date.now() - this.#idleTimeoutMs
    for (const idle of this.#idle.values()) {
      for (const connection of idle.filter((c) => c.idleSince < oldest)) connection.socket.destroy()
    }
  }
}
