import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'
import type { BufferedLine } from '../log-buffer.js'
import { targetHost, type Drain, type DrainOptions } from './drain.js'
import { DrainQueue } from './drain-queue.js'
import { syslogFrame } from './frames.js'

/** A drain to `syslog://host:port` (TCP) or `syslog+tls://host:port`: RFC 5424 frames, octet-counted. */
export class SyslogDrain implements Drain {
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
    // A refused or unresolvable receiver is retried like one that is down: the name may change.
    this.#open().catch(() => this.#reconnectLater())
  }

  #reconnectLater(): void {
    if (this.#closed) return
    setTimeout(() => this.#connect(), this.#backoffMs).unref()
    this.#backoffMs = Math.min(this.#backoffMs * 2, 5000)
  }

  async #open(): Promise<void> {
    const tls = this.url.protocol === 'syslog+tls:'
    const { host, servername } = targetHost(this.url)
    const port = Number(this.url.port || (tls ? 6514 : 514))
    // Connect to the very address the guard checked, never to a second resolution of the name.
    const { address } = await this.options.outbound.resolve(host)
    if (this.#closed) return
    const socket = tls
      ? connectTls({ host: address, port, servername, ca: this.options.ca ? [...this.options.ca] : undefined })
      : connectTcp({ host: address, port })
    socket.setNoDelay(true)
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      this.#socket = socket
      this.#backoffMs = 100
      this.#flush()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      this.#socket = null
      this.#reconnectLater()
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
