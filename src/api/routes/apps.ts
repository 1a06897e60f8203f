import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { App } from '../../core/apps/app.js'
import { parseRegion, REGIONS } from '../../core/apps/region.js'
import { parseStack, STACKS } from '../../core/apps/stack.js'
import { notFound, PlatformError } from '../../core/errors/platform-error.js'
import { caller, type RouteContext } from '../route-context.js'
import { objectBody, optionalBoolean, optionalString } from '../body.js'
import { paginate, parseRange, rangeHeaders, type RangeSpec } from '../range.js'
import { serializeApp } from '../serializers/app.js'
import { serializeRegion } from '../serializers/region.js'
import { serializeStack } from '../serializers/stack.js'

const APP_RANGE: RangeSpec = { fields: ['id', 'name', 'updated_at'] }

type AppParams = { Params: { app: string } }

export function appRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const list = (all: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const range = parseRange(request.headers.range, APP_RANGE)
    const apps = await ctx.services.listApps(caller(request), { all })
    const field = (a: App, f: string) => (f === 'name' ? a.name : f === 'updated_at' ? a.updatedAt.toISOString() : a.id)
    const { page, more } = paginate(apps, range, field)
    const first = page[0]
    const last = page.at(-1)
    void reply.headers(rangeHeaders(APP_RANGE, range, first && field(first, range.field), last && field(last, range.field), more))
    void reply.status(more ? 206 : 200)
    return page.map((a) => serializeApp(a, ctx.urls))
  }
  // `GET /apps` lists every app for an admin (the operator), like `heroku apps --all`.
  app.get('/apps', list(true))
  app.get('/users/~/apps', list(false))

  // Heroku compat: `pipelines:info` reads its apps with `POST /filters/apps {"in": {"id": [...]}}`.
  app.post('/filters/apps', async (request) => {
    const ids = objectBody(objectBody(request.body).in).id
    if (!Array.isArray(ids) || ids.length > 1000 || !ids.every((id) => typeof id === 'string')) {
      throw new PlatformError('invalid_params', 'in.id must be a list of at most 1000 app ids.')
    }
    return (await ctx.services.filterApps(caller(request), ids as string[])).map((a) => serializeApp(a, ctx.urls))
  })

  app.post('/apps', async (request, reply) => {
    const body = objectBody(request.body)
    const created = await ctx.services.createApp(caller(request), {
      name: optionalString(body, 'name'),
      region: optionalString(body, 'region'),
      stack: optionalString(body, 'stack'),
    })
    void reply.status(201)
    return serializeApp(created, ctx.urls)
  })

  app.get<AppParams>('/apps/:app', async (request) => {
    const { app: found, ...sizes } = await ctx.services.getAppInfo(caller(request), request.params.app)
    return serializeApp(found, ctx.urls, sizes)
  })

  app.patch<AppParams>('/apps/:app', async (request) => {
    const body = objectBody(request.body)
    const updated = await ctx.services.updateApp(caller(request), request.params.app, {
      name: optionalString(body, 'name'),
      maintenance: optionalBoolean(body, 'maintenance'),
      buildStack: optionalString(body, 'build_stack'),
    })
    return serializeApp(updated, ctx.urls)
  })

  // Heroku compat: `heroku regions` lists the names `apps:create --region` takes (labels on Berth).
  app.get('/regions', async () => REGIONS.map(serializeRegion))
  app.get<{ Params: { region: string } }>('/regions/:region', async (request) => {
    try {
      return serializeRegion(parseRegion(request.params.region))
    } catch {
      throw notFound('region')
    }
  })

  // Heroku compat: `heroku stack` lists these and `stack:set` takes one; all run on this machine.
  app.get('/stacks', async () => STACKS.map(serializeStack))
  app.get<{ Params: { stack: string } }>('/stacks/:stack', async (request) => {
    try {
      return serializeStack(parseStack(request.params.stack))
    } catch {
      throw notFound('stack')
    }
  })

  app.delete<AppParams>('/apps/:app', async (request) => serializeApp(await ctx.services.deleteApp(caller(request), request.params.app), ctx.urls))
}
