import { randomBytes, timingSafeEqual } from 'node:crypto'
import { Transform } from 'node:stream'
import { createServer, type Server, type TLSSocket } from 'node:tls'
import type { AttachedIo } from '../scheduler/scheduler.js'

const MAX_SECRET_LINE = 256

interface Pending {
  resolve(io: AttachedIo): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

/**
 * Heroku's rendezvous for attached one-off dynos (`heroku run`): the API hands
 * out `rendezvous://host:port/<secret>`; the client opens TLS to it and sends
 * the secret and CRLF; it is greeted with one line (which it discards), and the
 * dyno's input and output then flow over that socket.
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
  open(timeoutMs: number): { secret: string; connection: Promise<AttachedIo> } {
    const secret = randomBytes(24).toString('hex')
    const connection = new Promise<AttachedIo>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(secret)
        reject(new Error(`no client attached within ${Math.ceil(timeoutMs / 1000)} s`))
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
      socket.write('rendezvous\r\n')
      pending.resolve({ input: socket.pipe(untilEndOfTransmission()), output: socket, close: () => socket.end() })
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

/**
 * Heroku compat: without a terminal, the CLI ends its input with EOT (Ctrl-D)
 * instead of closing the socket; the dyno's stdin ends there.
 */
function untilEndOfTransmission(): Transform {
  let ended = false
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (ended) return done()
      const end = chunk.indexOf(4)
      if (end < 0) return done(null, chunk)
      ended = true
      this.push(chunk.subarray(0, end))
      this.push(null)
      done()
    },
  })
}
