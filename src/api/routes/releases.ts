import type { FastifyInstance } from 'fastify'
import { PlatformError } from '../../core/errors/platform-error.js'
import { effectiveConfigVars } from '../../core/releases/release.js'
import { caller, type RouteContext } from '../build-api.js'
import { objectBody, optionalString } from '../body.js'
import { parseRange, rangeHeaders, type RangeSpec } from '../range.js'
import { serializeRelease } from '../serializers/release.js'

const RELEASE_RANGE: RangeSpec = { fields: ['version', 'id'] }

type AppParams = { Params: { app: string } }
type ReleaseParams = { Params: { app: string; release: string } }

function versionBound(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d{1,9}$/.test(value)) throw new PlatformError('requested_range_not_satisfiable', `Invalid version in Range: ${value}.`)
  return Number(value)
}

export function releaseRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<AppParams>('/apps/:app/releases', async (request, reply) => {
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
    return releases.map((r) => serializeRelease(r, owner, currentSlugId))
  })

  app.get<ReleaseParams>('/apps/:app/releases/:release', async (request) => {
    const { app: owner, release, currentSlugId } = await ctx.services.getRelease(caller(request), request.params.app, request.params.release)
    return serializeRelease(release, owner, currentSlugId)
  })

  app.get<ReleaseParams>('/apps/:app/releases/:release/config-vars', async (request) => {
    const { release } = await ctx.services.getRelease(caller(request), request.params.app, request.params.release)
    return effectiveConfigVars(release)
  })

  // `{release}` rolls back to that release (uuid or version); `{slug, description}` releases a slug.
  app.post<AppParams>('/apps/:app/releases', async (request, reply) => {
    const body = objectBody(request.body)
    const account = caller(request)
    let release
    if (body.release !== undefined) {
      if (typeof body.release !== 'string' && typeof body.release !== 'number') {
        throw new PlatformError('invalid_params', 'release must be a release id or version.')
      }
      release = await ctx.services.rollbackRelease(account, request.params.app, body.release)
    } else {
      const slug = optionalString(body, 'slug')
      if (slug === undefined) throw new PlatformError('invalid_params', 'Send either release (to roll back) or slug (to release a slug).')
      release = await ctx.services.createRelease(account, request.params.app, { slug, description: optionalString(body, 'description') })
    }
    const { app: owner, currentSlugId } = await ctx.services.getRelease(account, request.params.app, release.id)
    void reply.status(201)
    return serializeRelease(release, owner, currentSlugId)
  })
}
