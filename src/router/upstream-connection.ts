import { connect, type Socket } from 'node:net'
import type { Readable } from 'node:stream'
import { ResponseParseError, ResponseParser, type ResponseHead } from './response-parser.js'
import type { Endpoint } from './route-source.js'

/**
 * Where a connection goes back after a complete response, and what it tells when it closes. Declared
 * here, not imported from the pool, so connection and pool do not import each other.
 */
export interface ConnectionPool {
  /** How long a dyno may send nothing in the middle of a response (H15). */
  readonly responseIdleMs: number
  release(connection: UpstreamConnection): void
  forget(connection: UpstreamConnection): void
}

/** What one request to a dyno reports back; exactly one of `end` or `fail` ends it. */
export interface ExchangeHandlers {
  head(head: ResponseHead): void
  body(chunk: Buffer): void
  end(): void
  fail(failure: UpstreamFailure): void
}

export interface UpstreamFailure {
  /**
   * An errno such as ECONNREFUSED, or `closed` (the dyno hung up), `invalid` (it answered malformed HTTP)
   * or `idle` (it sent nothing for the pool's `responseIdleMs` in the middle of a response).
   */
  code: string
  /** A reused keep-alive connection failed before any byte came back: the dyno likely closed it while idle, so a request without a body can safely be sent again. */
  stale: boolean
}

// How a keep-alive connection the dyno closed while idle fails when a request is written to it.
const STALE = new Set(['closed', 'ECONNRESET', 'EPIPE'])
const CRLF = Buffer.from('\r\n')
const LAST_CHUNK = '0\r\n\r\n'

/**
 * One keep-alive connection to a dyno, carrying one request at a time. Its
 * socket listeners are set once and dispatch to the current exchange, so the
 * serving path adds and removes none per request.
 */
export class UpstreamConnection {
  readonly socket: Socket
  /** Milliseconds the TCP connect took; 0 for a reused connection. */
  connectMs: number | null = null
  idleSince = 0
  #handlers: ExchangeHandlers | null = null
  /** One parser for the connection's life, reset for each response. */
  readonly #parser = new ResponseParser({
    head: (responseHead) => {
      this.#responding = true
      this.#handlers?.head(responseHead)
    },
    body: (chunk) => this.#handlers?.body(chunk),
    end: (reusable) => this.#complete(reusable),
  })
  #reused = false
  #received = false
  /** A request body is still being sent: the connection cannot carry another request yet. */
  #uploading = false
  /** Resumes an upload paused because the socket's buffer was full. */
  #resumeUpload: (() => void) | null = null
  /** The response head has come; its body has not ended. */
  #responding = false
  /** The socket's idle timeout is set (only while a response body is under way and being read). */
  #idleArmed = false

  constructor(readonly endpoint: Endpoint, private readonly pool: ConnectionPool) {
    const connectStarted = Date.now()
    this.socket = connect({ port: endpoint.port, host: endpoint.host, noDelay: true })
    this.socket.once('connect', () => { this.connectMs = Date.now() - connectStarted })
    this.socket.on('data', (chunk: Buffer) => this.#data(chunk))
    this.socket.on('end', () => this.#end())
    this.socket.on('drain', () => this.#wakeUpload())
    this.socket.on('timeout', () => this.#fail('idle'))
    this.socket.on('error', (error: NodeJS.ErrnoException) => this.#fail(error.code ?? 'closed'))
    this.socket.on('close', () => {
      this.pool.forget(this)
      this.#wakeUpload()
      this.#fail('closed')
    })
  }

  /** Writes a request head (and nothing else): the body, if any, follows through `sendBody`. */
  send(head: string, noResponseBody: boolean, handlers: ExchangeHandlers): void {
    if (this.#reused) this.connectMs = 0
    this.#handlers = handlers
    this.#received = false
    this.#responding = false
    this.#parser.reset(noResponseBody)
    this.socket.write(head, 'latin1')
  }

  /**
   * Streams a request body after the head, re-framed as chunks when `chunked`, pausing the client while
   * the dyno reads slower. If the exchange ends first, the rest is read and dropped.
   */
  sendBody(body: Readable, chunked: boolean): void {
    this.#uploading = true
    body.on('data', (chunk: Buffer) => {
      if (this.socket.destroyed) return
      if (this.socket.write(chunked ? Buffer.concat([Buffer.from(chunk.length.toString(16) + '\r\n'), chunk, CRLF]) : chunk)) return
      body.pause()
      this.#resumeUpload = () => body.resume()
    })
    body.once('end', () => {
      this.#uploading = false
      if (chunked && !this.socket.destroyed) this.socket.write(LAST_CHUNK)
    })
  }

  /** Stops reading the response until `resume` (the client is slower than the dyno; not the dyno's idling). */
  pause(): void {
    this.socket.pause()
    this.#disarmIdle()
  }

  resume(): void {
    this.socket.resume()
    if (this.#responding) this.#armIdle()
  }

  /** Gives up on the exchange: no more callbacks, and the connection is never reused. */
  abort(): void {
    this.#handlers = null
    this.socket.destroy()
  }

  #data(chunk: Buffer): void {
    // Bytes while idle were never asked for: this connection cannot be trusted again.
    if (!this.#handlers) return void this.socket.destroy()
    this.#received = true
    try {
      this.#parser.push(chunk)
    } catch (error) {
      if (!(error instanceof ResponseParseError)) throw error
      return this.#fail('invalid')
    }
    // A body still under way: the dyno must keep sending (Heroku's rolling window, H15). A response
    // complete in one read never sets the timer.
    if (this.#handlers && this.#responding && !this.#idleArmed && !this.socket.isPaused()) this.#armIdle()
  }

  #armIdle(): void {
    this.#idleArmed = true
    this.socket.setTimeout(this.pool.responseIdleMs)
  }

  #disarmIdle(): void {
    if (!this.#idleArmed) return
    this.#idleArmed = false
    this.socket.setTimeout(0)
  }

  #end(): void {
    if (!this.#handlers) return void this.socket.destroy()
    try {
      this.#parser.close()
    } catch (error) {
      if (!(error instanceof ResponseParseError)) throw error
      this.#fail('closed')
    }
  }

  #complete(reusable: boolean): void {
    const handlers = this.#handlers
    this.#handlers = null
    this.#reused = true
    this.#responding = false
    this.#disarmIdle()
    // The exchange may have paused the socket for backpressure just before its last bytes were parsed.
    if (this.socket.isPaused()) this.socket.resume()
    // A dyno may answer before reading the whole upload (a 413, say): the rest would reach the next request.
    if (reusable && !this.#uploading && !this.socket.destroyed) this.pool.release(this)
    else this.socket.destroy()
    handlers?.end()
  }

  #wakeUpload(): void {
    const resume = this.#resumeUpload
    this.#resumeUpload = null
    resume?.()
  }

  #fail(code: string): void {
    const handlers = this.#handlers
    if (!handlers) return
    this.#handlers = null
    this.socket.destroy()
    handlers.fail({ code, stale: this.#reused && !this.#received && STALE.has(code) })
  }
}
