import { randomUUID } from 'node:crypto'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { PlatformError } from '../core/errors/platform-error.js'
import type { Readable } from 'node:stream'
import type { ApiContext } from './api-context.js'
import { SIGN_IN_ATTEMPTS_PER_HOUR } from './route-context.js'
import { lingeringClose } from './lingering-close.js'
import { readAuthorization } from '../credentials/read-authorization.js'
import { sessionToken } from './session-cookies.js'
import { dashboardRoutes } from './routes/dashboard.js'
import { errorBody, ERROR_STATUS, MAX_PARAM_LENGTH, toPlatformError } from './errors.js'
import { RateLimiter } from './rate-limiter.js'
import { accountRoutes } from './routes/account.js'
import { addonRoutes } from './routes/addons.js'
import { appRoutes } from './routes/apps.js'
import { collaboratorRoutes } from './routes/collaborators.js'
import { configVarRoutes } from './routes/config-vars.js'
import { oauthRoutes } from './routes/oauth.js'
import { releaseRoutes } from './routes/releases.js'
import { pipelineRoutes } from './routes/pipelines.js'
import { pipelineCouplingRoutes } from './routes/pipeline-couplings.js'
import { pipelinePromotionRoutes } from './routes/pipeline-promotions.js'
import { githubLinkRoutes } from './routes/github-link.js'
import { slugRoutes } from './routes/slugs.js'
import { buildRoutes } from './routes/builds.js'
import { appSetupRoutes } from './routes/app-setups.js'
import { formationRoutes } from './routes/formation.js'
import { domainRoutes } from './routes/domains.js'
import { logSessionRoutes } from './routes/log-sessions.js'
import { logDrainRoutes } from './routes/log-drains.js'
import { webhookRoutes } from './routes/webhooks.js'

/** Builds the Platform API edge without listening, so tests can inject or bind port 0. */
export function buildApi(ctx: ApiContext, logger: FastifyBaseLogger, edges: ((app: FastifyInstance) => void)[] = []): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    // Per-request lines stay off the hot path; errors are logged with their request id.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: ctx.maxBodyBytes,
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // Errors Fastify raises before routing (a malformed URL) get the same `{id, message}` body.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    return503OnClosing: true,
  })
  const limiter = new RateLimiter(ctx.rateLimitPerHour)
  app.decorateRequest('account', null)
  app.decorateRequest('tokenId', null)

  // Heroku compat: any content type is read as JSON (curl sends form types); an empty body is no body.
  // Routes that take bytes (source uploads) set `rawBody` and get the stream itself.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (request, payload, done) => {
    const raw = request.routeOptions.config?.rawBody === true
    // A body declared too large is refused before a byte of it is read (then its connection is closed).
    const declared = Number(request.headers['content-length'])
    const limit = raw ? ctx.maxUploadBytes : ctx.maxBodyBytes
    if (declared > limit) return done(tooLarge(raw ? 'The upload' : 'Request body', limit), undefined)
    if (raw) return done(null, payload)
    readJson(payload, ctx.maxBodyBytes).then((body) => done(null, body), (error: Error) => done(error, undefined))
  })

  app.addHook('onRequest', async (request, reply) => {
    reply.header('Request-Id', request.id)
    // No name, id or token holds a NUL, and PostgreSQL text cannot: refuse it before any lookup.
    if (/%00/i.test(request.url)) throw new PlatformError('bad_request', 'URLs may not contain NUL characters (%00).')
    // Heroku compat: the builds plugin uploads sources with `Content-Type: ''`, which Fastify refuses.
    if (!request.headers['content-type']) request.headers['content-type'] = 'application/octet-stream'
    checkAccept(request.headers.accept)
    if (request.routeOptions.config?.public || request.routeOptions.url === undefined) return
    const presented = readAuthorization(request.headers.authorization)
    // The dashboard's cookie counts only when no Authorization header is sent.
    const token = presented.kind === 'token' ? presented.token : presented.kind === 'basic' ? presented.password : sessionToken(request) ?? ''
    const { account, tokenId } = await ctx.services.authenticate(token)
    request.account = account
    request.tokenId = tokenId
    const remaining = limiter.take(account.id)
    reply.header('RateLimit-Remaining', Math.max(remaining, 0))
    if (remaining < 0) throw new PlatformError('rate_limit', 'Your account reached the API rate limit. Please wait a few minutes before making new requests.')
  })

  const sendError = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const known = toPlatformError(error)
    // The app logger, not request.log: per-request logging is off, and errors must still be seen.
    if (!known) app.log.error({ err: error, requestId: request.id }, 'request failed')
    const platformError = known ?? new PlatformError('internal_error', `Internal server error (request ${request.id}).`)
    // Refused before the body was read (an oversized upload): the connection cannot carry another
    // request, so the server closes it once the answer is out, rather than leave it half-open. A
    // refused body always ends its connection, even one drained to its end while the refusal was
    // being made, so the outcome does not depend on how fast the client was. A small body refused
    // unread (a call without a valid token or CSRF token) is read and dropped by Node instead, and
    // its connection carries the client's next request, which a keep-alive client sends at once.
    const small = request.headers['content-length'] !== undefined && Number(request.headers['content-length']) <= ctx.maxBodyBytes
    if (platformError.id === 'payload_too_large' || (!request.raw.complete && !small)) {
      // Fastify marks a body its parser refused `Connection: close`, and Node then destroys the
      // socket right after the answer, resetting a client still sending: the lingering close does it.
      reply.removeHeader('connection')
      lingeringClose(request.raw, reply.raw)
    }
    void reply.header('Request-Id', request.id).status(ERROR_STATUS[platformError.id]).send(errorBody(platformError))
  }
  app.setErrorHandler(sendError)
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send({ id: 'not_found', message: 'The requested API endpoint was not found.' })
  })

  const routeContext = { ...ctx, limiter, signIns: new RateLimiter(SIGN_IN_ATTEMPTS_PER_HOUR) }
  for (const routes of [accountRoutes, oauthRoutes, appRoutes, releaseRoutes, configVarRoutes, collaboratorRoutes, slugRoutes, addonRoutes, buildRoutes, formationRoutes, domainRoutes, logSessionRoutes, logDrainRoutes, webhookRoutes, appSetupRoutes, pipelineRoutes, pipelineCouplingRoutes, pipelinePromotionRoutes, githubLinkRoutes, dashboardRoutes]) {
    routes(app, routeContext)
  }
  // Other edges on the same port (git smart HTTP) register themselves.
  for (const edge of edges) edge(app)
  return app
}

function tooLarge(what: string, maxBytes: number): PlatformError {
  return new PlatformError('payload_too_large', `${what} is too large (the limit is ${+(maxBytes / 1024 / 1024).toFixed(2)} MB).`)
}

// Past the limit the body is refused, but the stream is not destroyed: what still arrives is read
// and discarded, so the client can finish writing and read the 413 (see lingering-close.ts).
function readJson(payload: Readable, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    payload.on('data', (chunk: Buffer) => {
      if (size > maxBytes) return
      size += chunk.length
      if (size > maxBytes) return void reject(tooLarge('Request body', maxBytes))
      chunks.push(chunk)
    })
    payload.once('error', reject)
    payload.once('end', () => {
      if (size > maxBytes) return
      const text = Buffer.concat(chunks).toString('utf8')
      if (text.trim() === '') return resolve(undefined)
      try {
        resolve(JSON.parse(text))
      } catch {
        reject(new PlatformError('bad_request', 'Request body is not valid JSON.'))
      }
    })
  })
}

// Heroku compat: version 3 and its variants (`3.sdk`, `3.account-quotas`…) are one API here;
// a missing Accept is fine (curl), another major version is not.
function checkAccept(accept: string | undefined): void {
  if (!accept || !accept.includes('application/vnd.heroku+json')) return
  const version = /version=(\d+)/.exec(accept)?.[1]
  if (version !== undefined && version !== '3') {
    throw new PlatformError('not_acceptable', `API version ${version} is not supported; use Accept: application/vnd.heroku+json; version=3.`)
  }
}
