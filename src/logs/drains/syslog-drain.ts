import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'
import type { BufferedLine } from '../log-buffer.js'
import { DrainQueue } from './drain-queue.js'
import { syslogFrame } from './frames.js'

export interface DrainOptions {
  /** Lines kept while the receiver is away; beyond it lines drop and L10 reports the loss. */
  capacity: number
  /** Extra CA certificates (PEM) to trust for TLS receivers. */
  ca?: string[]
}

/** A drain to `syslog://host:port` (TCP) or `syslog+tls://host:port`: RFC 5424 frames, octet-counted. */
export class SyslogDrain {
  readonly #queue: DrainQueue
  #socket: Socket | null = null
  #backoffMs = 100
  #closed = false

  constructor(private readonly url: URL, private readonly token: string, private readonly options: DrainOptions) {
    this.#queue = new DrainQueue(options.capacity)
    this.#connect()
  }

  push(line: BufferedLine): void {
    this.#queue.push(line)
    this.#flush()
  }

  close(): void {
    this.#closed = true
    this.#socket?.destroy()
  }

  #connect(): void {
    const tls = this.url.protocol === 'syslog+tls:'
    const host = this.url.hostname
    const port = Number(this.url.port || (tls ? 6514 : 514))
    const socket = tls
      ? connectTls({ host, port, servername: host, ca: this.options.ca ? [...this.options.ca] : undefined })
      : connectTcp({ host, port })
    socket.setNoDelay(true)
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      this.#socket = socket
      this.#backoffMs = 100
      this.#flush()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      this.#socket = null
      if (this.#closed) return
      setTimeout(() => this.#connect(), this.#backoffMs).unref()
      this.#backoffMs = Math.min(this.#backoffMs * 2, 5000)
    })
  }

  #flush(): void {
    const socket = this.#socket
    if (!socket || socket.writableNeedDrain) return
    const lines = this.#queue.take(500)
    if (lines.length === 0) return
    const flowing = socket.write(lines.map((line) => syslogFrame(line, this.token)).join(''))
    if (this.#queue.size === 0) return
    if (flowing) setImmediate(() => this.#flush())
    else socket.once('drain', () => this.#flush())
  }
}
