import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { PlatformError } from '../../core/errors/platform-error.js'
import { objectBody, optionalInteger, optionalString } from '../body.js'
import { caller, countSignIn, type RouteContext } from '../route-context.js'
import { CSRF_COOKIE, SESSION_COOKIE, setCookie } from '../session-cookies.js'

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' }
const DEFAULT_SESSION_SECONDS = 12 * 3600

function setSession(request: FastifyRequest, reply: FastifyReply, token: string, csrf: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https'
  void reply.header('Set-Cookie', [
    setCookie(SESSION_COOKIE, token, { maxAgeSeconds, httpOnly: true, secure }),
    setCookie(CSRF_COOKIE, csrf, { maxAgeSeconds, httpOnly: false, secure }),
  ])
}

/** The dashboard: its page and assets, and the cookie session it signs in with. Everything else it does goes through the public API. */
export function dashboardRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const serve = async (reply: FastifyReply, file: string) => {
    if (ctx.dashboardDir === null) throw new PlatformError('not_found', 'This Berth serves no dashboard.')
    const body = await readFile(join(ctx.dashboardDir, file)).catch(() => null)
    if (body === null) throw new PlatformError('not_found', file === 'index.html' ? 'The dashboard is not built: run `npm run build`.' : 'No such dashboard asset.')
    void reply.header('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream')
    void reply.header('Cache-Control', file === 'index.html' ? 'no-cache' : 'public, max-age=300')
    void reply.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; frame-ancestors 'none'")
    void reply.header('X-Content-Type-Options', 'nosniff')
    return reply.send(body)
  }
  app.get('/', { config: { public: true } }, (_request, reply) => serve(reply, 'index.html'))
  app.get<{ Params: { file: string } }>('/dashboard/assets/:file', { config: { public: true } }, (request, reply) => {
    if (!/^[\w-]+\.(js|css|svg)$/.test(request.params.file)) throw new PlatformError('not_found', 'No such dashboard asset.')
    return serve(reply, request.params.file)
  })

  // Sign in with email and password, or with an API key; either way the cookie holds a new,
  // expiring token of its own, so signing out revokes only the session.
  app.post('/dashboard/session', { config: { public: true } }, async (request, reply) => {
    const body = objectBody(request.body)
    const seconds = optionalInteger(body, 'expires_in') ?? DEFAULT_SESSION_SECONDS
    const options = { description: 'Berth dashboard session', expiresInSeconds: seconds }
    const apiKey = optionalString(body, 'api_key')
    const email = optionalString(body, 'email')
    const password = optionalString(body, 'password')
    countSignIn(ctx, request)
    let authorization
    if (apiKey) authorization = await ctx.services.createAuthorization((await ctx.services.authenticate(apiKey)).account, options)
    else if (email && password) authorization = await ctx.services.loginWithPassword(email, password, options)
    else throw new PlatformError('invalid_params', 'Sign in with email and password, or with an API key.')
    setSession(request, reply, authorization.secret, randomBytes(24).toString('base64url'), seconds)
    void reply.status(201)
    return { email: authorization.account.email }
  })

  app.delete('/dashboard/session', async (request, reply) => {
    const account = caller(request)
    if (request.tokenId) await ctx.services.deleteAuthorization(account, request.tokenId)
    setSession(request, reply, '', '', 0)
    return {}
  })
}
