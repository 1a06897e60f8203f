import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Server as HttpsServer } from 'node:https'
import type { Socket } from 'node:net'
import type { LogSink } from '../logs/log-sink.js'
import { arrival, type Arrival } from './arrival.js'
import { requestHead } from './request-head.js'
import type { AppRoute, Backend, Endpoint, RouteSource } from './route-source.js'
import { errorPage, noSuchAppPage, ROUTER_ERRORS, routerLogLine, type RouterErrorCode } from './router-errors.js'
import { createTlsListener, type TlsListener, type TlsListenerOptions } from './tls-listener.js'
import { tunnelUpgrade } from './tunnel-upgrade.js'
import type { UpstreamConnection } from './upstream-connection.js'
import { UpstreamPool } from './upstream-pool.js'
import { waitForBackends } from './wait-for-backends.js'

export interface RouterOptions {
  routes: RouteSource
  logs: LogSink
  /** First byte from the dyno within this, or H12. Heroku: 30 s. */
  requestTimeoutMs: number
  /** How long a request may wait for a booting app before H20. */
  bootQueueMs: number
  /** How long a dyno may send nothing in the middle of a response before H15. Heroku: 55 s. */
  responseIdleMs?: number
  /** ACME HTTP-01 answers (Automated Certificate Management): asked for `/.well-known/acme-challenge/<token>` on a routed host. */
  challenges?: ChallengeSource
  /** Where each request is counted toward its release's health (ADR 0014): the response time from arrival to the end. */
  requests?: { request(appId: string, releaseVersion: number, status: number, ms: number, code?: string): void }
  /** Answer every app's plain-HTTP requests with a 308 to the same URL over HTTPS, once `listenTls` serves it (the operator's BERTH_FORCE_HTTPS; an app may ask for it alone, see AppRoute); ACME challenges still pass. */
  forceHttps?: boolean
}

/** Where the router finds the answer to an ACME HTTP-01 challenge (any Berth node may be the one asked). */
export interface ChallengeSource {
  keyAuthorization(token: string, hostname: string): Promise<string | null>
}

const ACME_CHALLENGE_PATH = '/.well-known/acme-challenge/'

// What a dyno's failure before its response began is called in Heroku's terms (anything else: H99).
const FAILURE_CODES: Record<string, RouterErrorCode> = { ECONNREFUSED: 'H21', invalid: 'H17', closed: 'H13', ECONNRESET: 'H13', EPIPE: 'H13' }
// Sent again on a new connection when a kept-alive connection turned out closed (RFC 9110 §9.2.2).
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'])
// How long a client's idle keep-alive connection stays open, on either port.
const KEEP_ALIVE_TIMEOUT_MS = 55_000

/**
 * The HTTP router: `<app>.<domain>` (and custom domains) to the current
 * release's up web dynos, spread round-robin over keep-alive connections. It
 * counts requests in flight per dyno, so a rollout can drain the old ones.
 * Clients are served by `node:http` (and `node:https` once `listenTls` is
 * called, with the same handlers); dynos are spoken to over its own lean
 * HTTP/1.1 client (`upstream-pool.ts`, ADR 0007).
 */
export class Router {
  readonly server: Server
  readonly #inFlight = new Map<string, number>()
  readonly #upstream: UpstreamPool
  /** The port HTTPS is served on, once it is. */
  #httpsPort: number | null = null
  #tls: TlsListener | null = null
  #next = 0

  constructor(private readonly options: RouterOptions) {
    this.#upstream = new UpstreamPool({ responseIdleMs: options.responseIdleMs })
    this.server = this.#serve(createServer({ noDelay: true, keepAlive: true }, (req, res) => this.#handle(req, res)))
  }

  /** Serves HTTP on `port`; resolves with the port bound (the system's choice for 0). */
  listen(port: number, host: string): Promise<number> {
    return listenOn(this.server, port, host)
  }

  /**
   * Serves HTTPS on `port` as well, the certificate chosen by each handshake's SNI name: from
   * `certificates`, else from `fallback`, else none (the handshake fails). Requests and upgrades are
   * handled as over HTTP; dynos see `X-Forwarded-Proto: https`.
   */
  listenTls(port: number, host: string, options: TlsListenerOptions): Promise<number> {
    if (this.#tls) throw new Error('the router already serves HTTPS')
    this.#tls = createTlsListener(options, (req, res) => this.#handle(req, res))
    return listenOn(this.#serve(this.#tls.server), port, host).then((bound) => (this.#httpsPort = bound))
  }

  /** Stops accepting connections on every port and closes idle ones; resolves once busy ones have ended too. */
  async stopListening(): Promise<void> {
    this.#tls?.stopRotating()
    const servers = this.#servers()
    const closed = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))
    for (const server of servers) server.closeIdleConnections()
    await Promise.all(closed)
  }

  /** Closes every connection, busy or not, on every port, and the pool of connections to dynos. */
  async close(): Promise<void> {
    for (const server of this.#servers()) server.closeAllConnections()
    await this.stopListening()
    this.#upstream.close()
  }

  /** Resolves once no request is in flight to these dynos (or the time is up), then drops their idle connections. */
  async drain(endpoints: readonly Endpoint[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (endpoints.some((e) => (this.#inFlight.get(e.key) ?? 0) > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    this.#upstream.drop(endpoints)
  }

  // Synchronous on the serving path: no promise per request; only a booting app waits.
  #handle(req: IncomingMessage, res: ServerResponse): void {
    const { started, log } = arrival(req)
    const fail = (route: AppRoute, code: RouterErrorCode, backend?: Backend, connectMs: number | null = null) => {
      const { status } = ROUTER_ERRORS[code]
      const body = errorPage(code)
      if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache, no-store', 'X-Request-Id': log.requestId })
      res.end(body)
      this.#log(route, routerLogLine(log, backend?.dynoName ?? '', connectMs, connectMs === null ? null : Date.now() - started, status, Buffer.byteLength(body), code))
      // The operator's maintenance and an app not deployed yet say nothing of a release's health.
      if (code !== 'H80' && code !== 'H81') this.#count(route, backend, status, Date.now() - started, code)
    }
    const route = this.options.routes.lookup(log.host)
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' })
      return void res.end(noSuchAppPage())
    }
    const ctx = { started, log, fail }
    if (this.options.challenges && req.url!.startsWith(ACME_CHALLENGE_PATH)) return this.#challenge(req, res, route, ctx)
    if (this.#httpsPort !== null && (this.options.forceHttps || route.forceHttps) && log.protocol === 'http') return this.#upgradeToHttps(res, route, ctx)
    if (route.state !== 'booting' || route.maintenance) return this.#dispatch(req, res, route, ctx)
    // Whatever goes wrong while the request waits for a booting app, the client gets an answer.
    waitForBackends(this.options.routes, log.host, route, this.options.bootQueueMs).then((ready) => this.#dispatch(req, res, ready, ctx)).catch(() => fail(route, 'H99'))
  }

  #upgradeToHttps(res: ServerResponse, route: AppRoute, { started, log }: Arrival): void {
    const port = this.#httpsPort!
    res.writeHead(308, { Location: `https://${log.host}${port === 443 ? '' : `:${port}`}${log.path}`, 'Content-Length': '0', 'X-Request-Id': log.requestId })
    res.end()
    this.#log(route, routerLogLine(log, '', null, Date.now() - started, 308, 0))
  }

  /** Answers an HTTP-01 challenge Berth's ACM is waiting on; any other token goes to the app (it may do ACME itself). */
  #challenge(req: IncomingMessage, res: ServerResponse, route: AppRoute, ctx: Arrival & Pick<ForwardContext, 'fail'>): void {
    const token = req.url!.slice(ACME_CHALLENGE_PATH.length)
    const answer = /^[\w-]{1,256}$/.test(token) ? this.options.challenges!.keyAuthorization(token, ctx.log.host) : Promise.resolve(null)
    answer.then((keyAuthorization) => {
      if (keyAuthorization === null) return this.#dispatch(req, res, route, ctx)
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' })
      res.end(keyAuthorization)
    }).catch(() => ctx.fail(route, 'H99'))
  }

  #dispatch(req: IncomingMessage, res: ServerResponse, route: AppRoute, ctx: Arrival & Pick<ForwardContext, 'fail'>): void {
    if (route.maintenance) return ctx.fail(route, 'H80')
    if (route.state === 'not-deployed') return ctx.fail(route, 'H81')
    if (route.state === 'no-web') return ctx.fail(route, 'H14')
    if (route.state === 'crashed') return ctx.fail(route, 'H10')
    if (route.state === 'booting' || route.backends.length === 0) return ctx.fail(route, 'H20')
    // Node's parser takes a Transfer-Encoding only when chunked comes last, and decodes that coding alone:
    // the body is re-chunked, and any coding before chunked (rare) is passed on as the client sent it.
    const transferEncoding = req.headers['transfer-encoding']
    const chunked = transferEncoding !== undefined
    const length = req.headers['content-length']
    const head = requestHead(req, ctx, chunked ? `Transfer-Encoding: ${transferEncoding}\r\n` : '')
    this.#forward(req, res, route, { started: ctx.started, log: ctx.log, fail: ctx.fail, head, chunked, hasBody: chunked || (length !== undefined && length !== '0') }, 0)
  }

  #forward(req: IncomingMessage, res: ServerResponse, route: AppRoute, ctx: ForwardContext, attempt: number): void {
    const backend = this.#pick(route.backends)
    const connection = this.#upstream.acquire(backend)
    this.#track(backend.key, 1)
    // Exactly one of: the dyno's response head, H12 on timeout, or a failure, settles the request.
    let settled = false
    let finished = false
    let bytes = 0
    let status = 0
    const finish = () => {
      if (finished) return
      finished = true
      clearTimeout(timer)
      this.#track(backend.key, -1)
    }
    const timer = setTimeout(() => {
      if (settled) return
      settled = true
      connection.abort()
      finish()
      ctx.fail(route, 'H12', backend, connection.connectMs ?? 0)
    }, this.options.requestTimeoutMs)
    connection.send(ctx.head, req.method === 'HEAD', {
      head: (head) => {
        settled = true
        clearTimeout(timer)
        status = head.status
        try {
          res.writeHead(head.status, head.headers)
        } catch {
          // Node refuses a header the client must not see (e.g. a bad character): the dyno's answer is unusable.
          connection.abort()
          finish()
          ctx.fail(route, 'H17', backend, connection.connectMs ?? 0)
        }
      },
      body: (chunk) => {
        bytes += chunk.length
        if (res.write(chunk)) return
        connection.pause()
        res.once('drain', () => { if (!finished) connection.resume() })
      },
      end: () => {
        finish()
        res.end()
        this.#logForwarded(route, ctx, backend, connection, status, bytes)
      },
      fail: (failure) => {
        finish()
        if (settled) {
          // The response had begun: the client cannot be told, only cut off, and the log says why.
          res.destroy()
          return failure.code === 'idle'
            ? this.#logForwarded(route, ctx, backend, connection, 503, bytes, 'H15')
            : this.#logForwarded(route, ctx, backend, connection, 503, bytes, 'H18', 'backend')
        }
        settled = true
        // A dyno that just stopped refuses the connection: nothing reached it. A kept-alive connection the dyno
        // closed while idle fails before any byte comes back: the dyno most likely never read the request. Either
        // way another try can take a request without a body, an idempotent one in the second case.
        const retry = failure.code === 'ECONNREFUSED' || (failure.stale && IDEMPOTENT.has(req.method ?? ''))
        if (retry && attempt < 2 && !ctx.hasBody) {
          const fresh = this.options.routes.lookup(ctx.log.host)
          if (fresh?.state === 'serving' && fresh.backends.length > 0) return this.#forward(req, res, fresh, ctx, attempt + 1)
        }
        ctx.fail(route, FAILURE_CODES[failure.code] ?? 'H99', backend, connection.connectMs ?? 0)
      },
    })
    // The client went away before the whole response reached it: the dyno's connection is half-used, drop it.
    res.once('close', () => {
      if (finished) return
      connection.abort()
      finish()
      this.#logForwarded(route, ctx, backend, connection, 499, null, 'H27', 'client')
    })
    if (ctx.hasBody) connection.sendBody(req, ctx.chunked)
  }

  #upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const request = arrival(req)
    const route = this.options.routes.lookup(request.log.host)
    if (!route || route.maintenance || route.state !== 'serving' || route.backends.length === 0) {
      return void socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n')
    }
    const backend = this.#pick(route.backends)
    this.#track(backend.key, 1)
    tunnelUpgrade(socket, head, {
      endpoint: backend,
      requestHead: requestHead(req, request, `Connection: Upgrade\r\nUpgrade: ${req.headers.upgrade ?? ''}\r\n`),
      onClose: () => this.#track(backend.key, -1),
    })
  }

  /** The settings and upgrade handler HTTP and HTTPS share. */
  #serve<S extends Server | HttpsServer>(server: S): S {
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.#upgrade(req, socket, head))
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS
    return server
  }

  #servers(): (Server | HttpsServer)[] {
    return this.#tls ? [this.server, this.#tls.server] : [this.server]
  }

  #pick(backends: readonly Backend[]): Backend {
    return backends[this.#next++ % backends.length]!
  }

  #track(key: string, delta: number): void {
    this.#inFlight.set(key, (this.#inFlight.get(key) ?? 0) + delta)
  }

  /** The log line of a request that reached a dyno: its connect time, and the service time after it. */
  #logForwarded(route: AppRoute, ctx: ForwardContext, backend: Backend, connection: UpstreamConnection, status: number, bytes: number | null, code?: RouterErrorCode, sock?: 'client' | 'backend'): void {
    const connectMs = connection.connectMs ?? 0
    const elapsedMs = Date.now() - ctx.started
    this.#log(route, routerLogLine(ctx.log, backend.dynoName, connectMs, elapsedMs - connectMs, status, bytes, code, sock))
    this.#count(route, backend, status, elapsedMs, code)
  }

  /** Counts a request toward the release of the dyno that took it (or the serving one: H10, H14, H20…), when release health is on. */
  #count(route: AppRoute, backend: Backend | undefined, status: number, ms: number, code?: RouterErrorCode): void {
    const version = backend?.releaseVersion ?? route.releaseVersion
    if (version !== undefined) this.options.requests?.request(route.appId, version, status, ms, code)
  }

  #log(route: AppRoute, message: string): void {
    this.options.logs.write({ appId: route.appId, source: 'heroku', process: 'router', message, releaseVersion: null })
  }
}

/** Listens on `port` (0: the system chooses) and resolves with the port bound. */
async function listenOn(server: Server | HttpsServer, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  return typeof address === 'object' && address ? address.port : port
}

interface ForwardContext extends Arrival {
  fail: (route: AppRoute, code: RouterErrorCode, backend?: Backend, connectMs?: number | null) => void
  /** The request line and headers as the dyno gets them. */
  head: string
  chunked: boolean
  hasBody: boolean
}
