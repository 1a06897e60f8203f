import type { FastifyInstance } from 'fastify'
import type { App } from '../../core/apps/app.js'
import type { LogDrain } from '../../core/logs/log-drain.js'
import { caller, type RouteContext } from '../route-context.js'
import { objectBody } from '../body.js'
import { timestamp } from '../serializers/timestamp.js'

function serializeDrain(drain: LogDrain, app: Pick<App, 'id' | 'name'>) {
  return {
    addon: null, app: { id: app.id, name: app.name }, created_at: timestamp(drain.createdAt), id: drain.id,
    token: drain.token, updated_at: timestamp(drain.updatedAt), url: drain.url,
  }
}

type AppParams = { Params: { app: string } }

export function logDrainRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<AppParams>('/apps/:app/log-drains', async (request) => {
    const { app: owner, drains } = await ctx.services.listDrains(caller(request), request.params.app)
    return drains.map((d) => serializeDrain(d, owner))
  })

  app.post<AppParams>('/apps/:app/log-drains', async (request, reply) => {
    const { app: owner, drain } = await ctx.services.addDrain(caller(request), request.params.app, objectBody(request.body).url)
    void reply.status(201)
    return serializeDrain(drain, owner)
  })

  // Heroku compat: `drains:remove` sends the URL (or token) URL-encoded as the last path segment.
  app.delete<{ Params: { app: string; drain: string } }>('/apps/:app/log-drains/:drain', async (request) => {
    const { app: owner, drain } = await ctx.services.removeDrain(caller(request), request.params.app, request.params.drain)
    return serializeDrain(drain, owner)
  })
}
