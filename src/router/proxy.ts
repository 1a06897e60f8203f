import { randomUUID } from 'node:crypto'
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { connect, type Socket } from 'node:net'
import type { LogSink } from '../logs/log-sink.js'
import type { AppRoute, Backend, RouteSource } from './route-source.js'
import { errorPage, noSuchAppPage, ROUTER_ERRORS, routerLogLine, type RequestFields, type RouterErrorCode } from './router-errors.js'

export interface RouterOptions {
  routes: RouteSource
  logs: LogSink
  /** First byte from the dyno within this, or H12. Heroku: 30 s. */
  requestTimeoutMs: number
  /** How long a request may wait for a booting app before H20. */
  bootQueueMs: number
}

// Heroku compat: a client's X-Request-Id of 20–200 characters of [A-Za-z0-9+/=-] is kept.
const REQUEST_ID = /^[A-Za-z0-9+/=-]{20,200}$/

/**
 * The HTTP router: `<app>.<domain>` (and custom domains) to the current
 * release's up web dynos, spread round-robin over keep-alive connections. It
 * counts requests in flight per dyno, so a rollout can drain the old ones.
 */
export class Router {
  readonly server: Server
  readonly #inFlight = new Map<number, number>()
  readonly #agents = new Map<number, Agent>()
  #next = 0

  constructor(private readonly options: RouterOptions) {
    this.server = createServer({ noDelay: true, keepAlive: true }, (req, res) => this.#handle(req, res))
    this.server.on('upgrade', (req, socket, head) => void this.#upgrade(req, socket as Socket, head))
    this.server.keepAliveTimeout = 55_000
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    const address = this.server.address()
    return typeof address === 'object' && address ? address.port : port
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
    for (const agent of this.#agents.values()) agent.destroy()
  }

  /** Resolves once no request is in flight to these dyno ports (or the time is up), then drops their idle connections. */
  async drain(ports: readonly number[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (ports.some((port) => (this.#inFlight.get(port) ?? 0) > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    for (const port of ports) {
      this.#agents.get(port)?.destroy()
      this.#agents.delete(port)
    }
  }

  // Synchronous on the serving path: no promise per request; only a booting app waits.
  #handle(req: IncomingMessage, res: ServerResponse): void {
    const started = Date.now()
    const incomingId = req.headers['x-request-id']
    const requestId = typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : randomUUID()
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
    const fwd = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? ''
    const log: RequestFields = { method: req.method ?? 'GET', path: req.url ?? '/', host, requestId, fwd }
    const fail = (route: AppRoute, code: RouterErrorCode, dyno = '', connectMs: number | null = null) => {
      const { status } = ROUTER_ERRORS[code]
      const body = errorPage(code)
      if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache, no-store', 'X-Request-Id': requestId })
      res.end(body)
      this.#log(route, routerLogLine(log, dyno, connectMs, connectMs === null ? null : Date.now() - started, status, Buffer.byteLength(body), code))
    }
    const route = this.options.routes.lookup(host)
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' })
      return void res.end(noSuchAppPage())
    }
    const ctx = { started, requestId, log, fail }
    if (route.state !== 'booting' || route.maintenance) return this.#dispatch(req, res, route, ctx)
    void this.#waitForBackends(host, route).then((ready) => this.#dispatch(req, res, ready, ctx))
  }

  #dispatch(req: IncomingMessage, res: ServerResponse, route: AppRoute, ctx: ForwardContext): void {
    if (route.maintenance) return ctx.fail(route, 'H80')
    if (route.state === 'not-deployed') return ctx.fail(route, 'H81')
    if (route.state === 'no-web') return ctx.fail(route, 'H14')
    if (route.state === 'crashed') return ctx.fail(route, 'H10')
    if (route.state === 'booting' || route.backends.length === 0) return ctx.fail(route, 'H20')
    // Heroku's request headers, set once (a retry on another dyno reuses them).
    const headers = req.headers
    const forwardedFor = headers['x-forwarded-for']
    headers['x-forwarded-for'] = forwardedFor ? forwardedFor + ', ' + ctx.log.fwd : ctx.log.fwd
    headers['x-request-id'] = ctx.requestId
    headers['x-forwarded-proto'] = 'http'
    headers['x-forwarded-port'] = String(req.socket.localPort ?? '')
    headers['x-request-start'] = String(ctx.started)
    headers.via = headers.via ? '1.1 berth, ' + headers.via : '1.1 berth'
    this.#forward(req, res, route, ctx, 0)
  }

  #forward(req: IncomingMessage, res: ServerResponse, route: AppRoute, ctx: ForwardContext, attempt: number): void {
    const backend = this.#pick(route.backends)
    const connectStarted = Date.now()
    let connectMs: number | null = null
    const headers = req.headers
    this.#track(backend.port, 1)
    let released = false
    const release = () => {
      if (!released) this.#track(backend.port, -1)
      released = true
    }
    const upstream = httpRequest({ host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers, agent: this.#agent(backend.port) })
    // A reused keep-alive socket is already connected and never emits 'connect' again.
    upstream.on('socket', (socket) => {
      if (!socket.connecting) return void (connectMs = 0)
      // Small proxied writes must not wait for ACKs (Nagle): client sockets default to delaying them.
      socket.setNoDelay(true)
      socket.once('connect', () => { connectMs = Date.now() - connectStarted })
    })
    // Exactly one of: the dyno's response, H12 on timeout, or an error answer, settles the request.
    let settled = false
    const timer = setTimeout(() => {
      if (settled) return
      settled = true
      upstream.destroy()
      release()
      ctx.fail(route, 'H12', backend.dynoName, connectMs ?? 0)
    }, this.options.requestTimeoutMs)
    upstream.on('response', (response) => {
      clearTimeout(timer)
      if (settled) return void response.resume()
      settled = true
      connectMs ??= 0
      res.writeHead(response.statusCode ?? 502, response.rawHeaders as unknown as Record<string, string>)
      let bytes = 0
      response.on('data', (chunk: Buffer) => { bytes += chunk.length })
      response.pipe(res)
      response.on('end', () => {
        release()
        this.#log(route, routerLogLine(ctx.log, backend.dynoName, connectMs, Date.now() - ctx.started - (connectMs ?? 0), response.statusCode ?? 0, bytes))
      })
      response.on('error', () => {
        release()
        res.destroy()
      })
      res.on('close', release)
    })
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      release()
      if (settled) {
        if (!res.writableEnded) res.destroy()
        return
      }
      settled = true
      // A dyno that just stopped refuses the connection before any byte was sent: another one can take
      // a body-less request (a POST body may already be consumed).
      if (error.code === 'ECONNREFUSED' && attempt < 2 && (req.method === 'GET' || req.method === 'HEAD')) {
        const fresh = this.options.routes.lookup(ctx.log.host)
        if (fresh?.state === 'serving' && fresh.backends.length > 0) return this.#forward(req, res, fresh, ctx, attempt + 1)
      }
      ctx.fail(route, error.code === 'ECONNREFUSED' ? 'H99' : 'H13', backend.dynoName, connectMs ?? 0)
    })
    req.pipe(upstream)
  }

  async #waitForBackends(host: string, route: AppRoute): Promise<AppRoute> {
    const deadline = Date.now() + this.options.bootQueueMs
    let current = route
    while (current.state === 'booting' && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(1, deadline - Date.now()))
        const unsubscribe = this.options.routes.onChange(done)
        function done() {
          clearTimeout(timer)
          unsubscribe()
          resolve()
        }
      })
      current = this.options.routes.lookup(host) ?? current
    }
    return current
  }

  async #upgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
    const route = this.options.routes.lookup(host)
    if (!route || route.maintenance || route.state !== 'serving' || route.backends.length === 0) {
      return void socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n')
    }
    const backend = this.#pick(route.backends)
    const upstream = connect(backend.port, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`]
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
      upstream.write(lines.join('\r\n') + '\r\n\r\n')
      if (head.length) upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    this.#track(backend.port, 1)
    const done = () => {
      this.#track(backend.port, -1)
      upstream.destroy()
      socket.destroy()
    }
    upstream.once('close', done)
    socket.once('close', () => upstream.destroy())
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  }

  #pick(backends: readonly Backend[]): Backend {
    return backends[this.#next++ % backends.length]!
  }

  #agent(port: number): Agent {
    let agent = this.#agents.get(port)
    if (!agent) {
      agent = new Agent({ keepAlive: true, maxSockets: 256 })
      this.#agents.set(port, agent)
    }
    return agent
  }

  #track(port: number, delta: number): void {
    this.#inFlight.set(port, (this.#inFlight.get(port) ?? 0) + delta)
  }

  #log(route: AppRoute, message: string): void {
    this.options.logs.write({ appId: route.appId, source: 'heroku', process: 'router', message, releaseVersion: null })
  }
}

interface ForwardContext {
  started: number
  requestId: string
  log: RequestFields
  fail: (route: AppRoute, code: RouterErrorCode, dyno?: string, connectMs?: number | null) => void
}
