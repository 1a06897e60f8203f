import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { createServer, type Server, type TLSSocket } from 'node:tls'

const MAX_SECRET_LINE = 256

interface Pending {
  resolve(socket: Duplex): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

/**
 * Heroku's rendezvous for attached one-off dynos (`heroku run`): the API hands
 * out `rendezvous://host:port/<secret>`; the client opens TLS to it and sends
 * the secret and CRLF; the dyno's input and output then flow over that socket.
 */
export class RendezvousServer {
  readonly #pending = new Map<string, Pending>()
  readonly #server: Server

  constructor(tls: { cert: string; key: string }) {
    this.#server = createServer({ cert: tls.cert, key: tls.key }, (socket) => this.#accept(socket))
    this.#server.on('tlsClientError', () => {})
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject)
        resolve()
      })
    })
    const address = this.#server.address()
    return typeof address === 'object' && address ? address.port : port
  }

  /** A new secret and the connection it will bring, or a rejection if none comes within `timeoutMs`. */
  open(timeoutMs: number): { secret: string; connection: Promise<Duplex> } {
    const secret = randomBytes(24).toString('hex')
    const connection = new Promise<Duplex>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(secret)
        reject(new Error(`no client attached within ${Math.round(timeoutMs / 1000)} s`))
      }, timeoutMs)
      this.#pending.set(secret, { resolve, reject, timer })
    })
    // A rendezvous nobody waits on must not become an unhandled rejection.
    connection.catch(() => {})
    return { secret, connection }
  }

  async close(): Promise<void> {
    for (const [secret, pending] of this.#pending) {
      clearTimeout(pending.timer)
      pending.reject(new Error('server closing'))
      this.#pending.delete(secret)
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #accept(socket: TLSSocket): void {
    let line = Buffer.alloc(0)
    socket.setTimeout(30_000, () => socket.destroy())
    socket.on('error', () => {})
    const onData = (chunk: Buffer) => {
      line = Buffer.concat([line, chunk])
      const end = line.indexOf('\r\n')
      if (end < 0) {
        if (line.length > MAX_SECRET_LINE) socket.destroy()
        return
      }
      socket.off('data', onData)
      socket.setTimeout(0)
      const pending = this.#take(line.subarray(0, end).toString('utf8'))
      if (!pending) return void socket.destroy()
      const rest = line.subarray(end + 2)
      if (rest.length > 0) socket.unshift(rest)
      pending.resolve(socket)
    }
    socket.on('data', onData)
  }

  /** The pending rendezvous for a secret, compared in constant time; each secret works once. */
  #take(given: string): Pending | undefined {
    for (const [secret, pending] of this.#pending) {
      if (given.length === secret.length && timingSafeEqual(Buffer.from(given), Buffer.from(secret))) {
        this.#pending.delete(secret)
        clearTimeout(pending.timer)
        return pending
      }
    }
    return undefined
  }
}
