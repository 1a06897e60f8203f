import type { FastifyInstance, FastifyRequest } from 'fastify'
import { PlatformError } from '../../core/errors/platform-error.js'
import { effectiveConfigVars } from '../../core/releases/release.js'
import type { Release } from '../../core/releases/release.js'
import { caller, holder, type RouteContext } from '../route-context.js'
import { streamLines } from '../stream-lines.js'
import { objectBody, optionalString } from '../body.js'
import { parseRange, rangeHeaders, type RangeSpec } from '../range.js'
import { serializeRelease } from '../serializers/release.js'
import { serializeReleaseDiff } from '../serializers/release-diff.js'
import { serializeAutoRollback, serializeReleaseMetrics } from '../serializers/release-health.js'

const RELEASE_RANGE: RangeSpec = { fields: ['version', 'id'] }

type AppParams = { Params: { app: string } }
type ReleaseParams = { Params: { app: string; release: string } }
type Extended = { Querystring: { extended?: string } }

function versionBound(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d{1,9}$/.test(value)) throw new PlatformError('requested_range_not_satisfiable', `Invalid version in Range: ${value}.`)
  return Number(value)
}

export function releaseRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // A capability URL per release and caller: GET only, bound to the caller's account and token.
  const outputUrl = (request: FastifyRequest, release: Release) =>
    `${ctx.urls.apiUrl}/release-outputs/${release.id}?token=${ctx.services.releaseOutputToken(holder(request), release)}`

  app.get<AppParams & Extended>('/apps/:app/releases', async (request, reply) => {
    const range = parseRange(request.headers.range, RELEASE_RANGE)
    // Releases sort by version; a Range on `id` pages in version order as well.
    const byVersion = range.field === 'version'
    const { app: owner, releases, more, currentSlugId } = await ctx.services.listReleases(caller(request), request.params.app, {
      order: range.order,
      max: range.max,
      start: byVersion ? versionBound(range.start) : undefined,
      startExclusive: range.startExclusive,
      end: byVersion ? versionBound(range.end) : undefined,
    })
    const first = releases[0]
    const last = releases.at(-1)
    const headerRange = { ...range, field: 'version' }
    void reply.headers(rangeHeaders(RELEASE_RANGE, headerRange, first && String(first.version), last && String(last.version), more))
    void reply.status(more ? 206 : 200)
    const extended = request.query.extended === 'true'
    return releases.map((r) => serializeRelease(r, owner, currentSlugId, r.hasReleasePhase ? outputUrl(request, r) : null, extended))
  })

  app.get<ReleaseParams & Extended>('/apps/:app/releases/:release', async (request) => {
    const { app: owner, release, currentSlugId } = await ctx.services.getRelease(caller(request), request.params.app, request.params.release)
    return serializeRelease(release, owner, currentSlugId, outputUrl(request, release), request.query.extended === 'true')
  })

  app.get<ReleaseParams>('/apps/:app/releases/:release/config-vars', async (request) => {
    const { release } = await ctx.services.getRelease(caller(request), request.params.app, request.params.release)
    return effectiveConfigVars(release)
  })

  // Berth extension: what changes from `from` (default: the release before) to this release.
  // `?from_app=` compares with another app's release (its current one unless `from` names one): `pipelines:diff`.
  app.get<ReleaseParams & { Querystring: { from?: string; from_app?: string; show_values?: string } }>('/apps/:app/releases/:release/diff', async (request) => {
    const fromApp: unknown = request.query.from_app
    if (fromApp !== undefined && (typeof fromApp !== 'string' || fromApp.length > 256)) throw new PlatformError('invalid_params', 'from_app must be one app name or id.')
    const diff = await ctx.services.diffReleases(caller(request), request.params.app, request.params.release, request.query.from, { fromApp })
    return serializeReleaseDiff(diff, request.query.show_values === 'true')
  })

  // Berth extension (ADR 0014): what the router and the scheduler counted of this release, beside another.
  app.get<ReleaseParams & { Querystring: { compare?: string; window?: string } }>('/apps/:app/releases/:release/metrics', async (request) => {
    const { window } = request.query
    if (window !== undefined && !/^\d{1,9}$/.test(window)) throw new PlatformError('invalid_params', 'window must be a number of seconds')
    const metrics = await ctx.services.getReleaseMetrics(caller(request), request.params.app, request.params.release, {
      compare: request.query.compare, windowSeconds: window === undefined ? undefined : Number(window),
    })
    return serializeReleaseMetrics(metrics)
  })

  // Berth extension: the app's automatic rollback after cutover.
  app.get<AppParams>('/apps/:app/auto-rollback', async (request) => {
    const { app: owner, settings } = await ctx.services.getAutoRollback(caller(request), request.params.app)
    return serializeAutoRollback(owner, settings)
  })

  app.patch<AppParams>('/apps/:app/auto-rollback', async (request) => {
    const { app: owner, settings } = await ctx.services.updateAutoRollback(caller(request), request.params.app, objectBody(request.body))
    return serializeAutoRollback(owner, settings)
  })

  // `{release}` rolls back to that release (uuid or version); `{slug, description}` releases a slug.
  app.post<AppParams>('/apps/:app/releases', async (request, reply) => {
    const body = objectBody(request.body)
    const account = caller(request)
    let created
    if (body.release !== undefined) {
      if (typeof body.release !== 'string' && typeof body.release !== 'number') {
        throw new PlatformError('invalid_params', 'release must be a release id or version.')
      }
      // RFC 7240: `Prefer: respond-async` answers as soon as the release exists (`berth rollback --no-wait`).
      const wait = !/\brespond-async\b/.test(String(request.headers.prefer ?? ''))
      created = await ctx.services.rollbackRelease(account, request.params.app, body.release, { wait })
    } else {
      const slug = optionalString(body, 'slug')
      if (slug === undefined) throw new PlatformError('invalid_params', 'Send either release (to roll back) or slug (to release a slug).')
      created = await ctx.services.createRelease(account, request.params.app, { slug, description: optionalString(body, 'description') })
    }
    const { app: owner, release, currentSlugId } = created
    void reply.status(201)
    return serializeRelease(release, owner, currentSlugId, outputUrl(request, release))
  })

  // The release phase's output: plain text that follows it while it runs. Heroku compat: the CLI
  // fetches it without credentials, so a capability token in the URL authorizes it; 404 means
  // "not started yet", and is also all a bad token learns.
  app.get<{ Params: { release: string }; Querystring: { token?: string } }>('/release-outputs/:release', { config: { public: true } }, async (request, reply) => {
    const { release, grant } = await ctx.services.redeemReleaseOutput(request.params.release, request.query.token ?? '')
    if (!(await ctx.releaseOutputs.exists(release.id))) {
      throw new PlatformError('not_found', 'The release command has not started yet.', { resource: 'release' })
    }
    // Plain text by default; Server-Sent Events (one event per line, with ids) when asked for.
    const sse = (request.headers.accept ?? '').includes('text/event-stream')
    reply.hijack()
    reply.raw.writeHead(200, { 'Content-Type': sse ? 'text/event-stream' : 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', 'Request-Id': request.id })
    ctx.streams.track(reply.raw, { stillAllowed: () => ctx.services.holderStillAllowed(grant) })
    let sequence = 0
    await streamLines(reply.raw, ctx.releaseOutputs.follow(release.id), (line) => (sse ? `id: ${++sequence}\ndata: ${line}\n\n` : `${line}\n`))
  })
}
