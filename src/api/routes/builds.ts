import type { FastifyInstance } from 'fastify'
import type { Readable } from 'node:stream'
import { PlatformError } from '../../core/errors/platform-error.js'
import { builtinBuildpack } from '../../core/builds/buildpack-names.js'
import { webUrl } from '../api-context.js'
import { caller, type RouteContext } from '../build-api.js'
import { objectBody, optionalObject, optionalString } from '../body.js'
import { parseRange, rangeHeaders, type RangeSpec } from '../range.js'
import { serializeBuild } from '../serializers/build.js'

const BUILD_RANGE: RangeSpec = { fields: ['created_at', 'id', 'started_at'] }

type AppParams = { Params: { app: string } }
type SourceParams = { Params: { id: string }; Querystring: { token?: string } }

/** The Build API: sources to upload to, builds of them, and their output. */
export function buildRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/sources', async (request, reply) => {
    caller(request)
    const { id, token } = ctx.services.createSource()
    const url = `${ctx.urls.apiUrl}/sources/${id}?token=${encodeURIComponent(token)}`
    void reply.status(201)
    return { source_blob: { get_url: url, put_url: url } }
  })

  // Capability URLs: the token in the query is the authorization, as for S3 presigned URLs.
  app.put<SourceParams>('/sources/:id', { config: { public: true, rawBody: true } }, async (request) => {
    await ctx.services.uploadSource(request.params.id, request.query.token ?? '', request.body as Readable)
    return {}
  })
  app.get<SourceParams>('/sources/:id', { config: { public: true } }, async (request, reply) => {
    const stream = await ctx.services.downloadSource(request.params.id, request.query.token ?? '')
    if (!stream) throw new PlatformError('not_found', 'Nothing was uploaded to that source yet.', { resource: 'source' })
    return reply.type('application/gzip').send(stream)
  })

  app.post<AppParams>('/apps/:app/builds', async (request, reply) => {
    const body = objectBody(request.body)
    const source = optionalObject(body, 'source_blob')
    const url = source && optionalString(source, 'url')
    if (!source || !url) throw new PlatformError('invalid_params', 'source_blob.url is required: upload with POST /sources first.')
    const buildpacks = Array.isArray(body.buildpacks)
      ? body.buildpacks.map((b: unknown) => (typeof b === 'object' && b !== null ? (b as { url?: unknown; name?: unknown }).url ?? (b as { name?: unknown }).name : b))
      : undefined
    if (buildpacks?.some((b) => typeof b !== 'string')) throw new PlatformError('invalid_params', 'buildpacks must be a list of {url} or {name}.')
    const build = await ctx.services.createBuild(caller(request), request.params.app, {
      sourceUrl: url,
      version: optionalString(source, 'version'),
      description: optionalString(source, 'version_description'),
      buildpacks: buildpacks as string[] | undefined,
      webUrl: webUrl(ctx.urls, request.params.app),
    })
    const { app: owner } = await ctx.services.getBuild(caller(request), request.params.app, build.id)
    void reply.status(201)
    return serializeBuild(build, owner, ctx.urls.apiUrl)
  })

  app.get<AppParams>('/apps/:app/builds', async (request, reply) => {
    const range = parseRange(request.headers.range, BUILD_RANGE)
    const { app: owner, builds, more } = await ctx.services.listBuilds(caller(request), request.params.app, { order: range.order, max: range.max })
    const stamp = (i: number) => builds[i]?.createdAt.toISOString()
    void reply.headers(rangeHeaders(BUILD_RANGE, { ...range, field: 'created_at' }, stamp(0), stamp(builds.length - 1), false))
    void reply.status(more ? 206 : 200)
    return builds.map((b) => serializeBuild(b, owner, ctx.urls.apiUrl))
  })

  app.get<{ Params: { app: string; build: string } }>('/apps/:app/builds/:build', async (request) => {
    const { app: owner, build } = await ctx.services.getBuild(caller(request), request.params.app, request.params.build)
    return serializeBuild(build, owner, ctx.urls.apiUrl)
  })

  // Streams the output while the build runs and ends with it (`heroku builds:output`).
  app.get<{ Params: { app: string; build: string } }>('/apps/:app/builds/:build/output', async (request, reply) => {
    const { build } = await ctx.services.getBuild(caller(request), request.params.app, request.params.build)
    reply.hijack()
    reply.raw.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', 'Request-Id': request.id })
    for await (const line of ctx.buildOutputs.follow(build.id)) {
      if (!reply.raw.write(`${line}\n`)) await new Promise((resolve) => reply.raw.once('drain', resolve))
    }
    reply.raw.end()
  })

  app.delete<AppParams>('/apps/:app/build-cache', async (request) => {
    await ctx.services.purgeBuildCache(caller(request), request.params.app)
    return {}
  })

  // Heroku compat: `heroku buildpacks:set heroku/nodejs` asks a buildpack registry for the name's URL;
  // with HEROKU_BUILDPACK_REGISTRY_URL pointing here, Berth answers for its built-in buildpacks.
  app.get<{ Params: { name: string } }>('/buildpacks/:name', { config: { public: true } }, async (request) => {
    const name = request.params.name
    if (builtinBuildpack(name) === null) throw new PlatformError('not_found', `${name} is not a built-in Berth buildpack.`, { resource: 'buildpack' })
    return { name, blob_url: name }
  })

  const installations = (buildpacks: string[]) => buildpacks.map((url, index) => ({ buildpack: { url, name: url }, ordinal: index }))
  app.get<AppParams>('/apps/:app/buildpack-installations', async (request) =>
    installations((await ctx.services.getApp(caller(request), request.params.app)).buildpacks))
  app.put<AppParams>('/apps/:app/buildpack-installations', async (request) => {
    const updates = objectBody(request.body).updates
    if (!Array.isArray(updates)) throw new PlatformError('invalid_params', 'updates must be a list of {buildpack}.')
    const refs = updates.map((u: unknown) => (typeof u === 'object' && u !== null ? (u as { buildpack?: unknown }).buildpack : undefined))
    return installations((await ctx.services.setBuildpacks(caller(request), request.params.app, refs)).buildpacks)
  })
}
