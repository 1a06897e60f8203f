import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Readable } from 'node:stream'
import { PlatformError } from '../../core/errors/platform-error.js'
import { builtinBuildpack } from '../../core/builds/buildpack-names.js'
import { webUrl } from '../api-context.js'
import type { Build } from '../../core/builds/build.js'
import { caller, holder, type RouteContext } from '../route-context.js'
import { streamLines } from '../stream-lines.js'
import { objectBody, optionalObject, optionalString } from '../body.js'
import { parseRange, rangeHeaders, type RangeSpec } from '../range.js'
import { serializeBuild } from '../serializers/build.js'

type AppParams = { Params: { app: string } }
type SourceParams = { Params: { id: string }; Querystring: { token?: string } }

const BUILD_RANGE: RangeSpec = { fields: ['created_at', 'id', 'started_at'] }

/** The Build API: sources to upload to, builds of them, and their output. */
export function buildRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const outputUrl = (request: FastifyRequest, build: Build) => `${ctx.urls.apiUrl}/build-outputs/${build.id}?token=${ctx.services.buildOutputToken(holder(request), build)}`

  // Heroku compat: the builds plugin PUTs the tarball to put_url, then builds from get_url.
  app.post('/sources', async (request, reply) => {
    const { id, putToken, getToken } = ctx.services.createSource(holder(request))
    const url = (token: string) => `${ctx.urls.apiUrl}/sources/${id}?token=${token}`
    void reply.status(201)
    return { source_blob: { get_url: url(getToken), put_url: url(putToken) } }
  })

  // Capability URLs: the token in the query is the authorization, as for S3 presigned URLs; each
  // is good for one method, for a short time, while its holder keeps access.
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
    const { app: owner, build } = await ctx.services.createBuild(caller(request), request.params.app, {
      sourceUrl: url,
      version: optionalString(source, 'version'),
      description: optionalString(source, 'version_description'),
      buildpacks: buildpacks as string[] | undefined,
      webUrl: webUrl(ctx.urls, request.params.app),
    })
    void reply.status(201)
    return serializeBuild(build, owner, outputUrl(request, build))
  })

  app.get<AppParams>('/apps/:app/builds', async (request, reply) => {
    const range = parseRange(request.headers.range, BUILD_RANGE)
    const { app: owner, builds, more } = await ctx.services.listBuilds(caller(request), request.params.app, { order: range.order, max: range.max })
    const stamp = (i: number) => builds[i]?.createdAt.toISOString()
    void reply.headers(rangeHeaders(BUILD_RANGE, { ...range, field: 'created_at' }, stamp(0), stamp(builds.length - 1), false))
    void reply.status(more ? 206 : 200)
    return builds.map((b) => serializeBuild(b, owner, outputUrl(request, b)))
  })

  app.get<{ Params: { app: string; build: string } }>('/apps/:app/builds/:build', async (request) => {
    const { app: owner, build } = await ctx.services.getBuild(caller(request), request.params.app, request.params.build)
    return serializeBuild(build, owner, outputUrl(request, build))
  })

  // Streams the output while the build runs and ends with it: with the API's credentials here, and
  // without any at the build's output_stream_url (`heroku builds:output`, `builds:create`).
  const streamOutput = async (request: FastifyRequest, reply: FastifyReply, build: Build, stillAllowed?: () => Promise<boolean>) => {
    reply.hijack()
    reply.raw.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', 'Request-Id': request.id })
    ctx.streams.track(reply.raw, { stillAllowed })
    await streamLines(reply.raw, ctx.buildOutputs.follow(build.id), (line) => `${line}\n`)
  }
  app.get<{ Params: { app: string; build: string } }>('/apps/:app/builds/:build/output', async (request, reply) => {
    const { build } = await ctx.services.getBuild(caller(request), request.params.app, request.params.build)
    await streamOutput(request, reply, build)
  })
  app.get<{ Params: { build: string }; Querystring: { token?: string } }>('/build-outputs/:build', { config: { public: true } }, async (request, reply) => {
    const { build, grant } = await ctx.services.redeemBuildOutput(request.params.build, request.query.token ?? '')
    await streamOutput(request, reply, build, () => ctx.services.holderStillAllowed(grant))
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
