import type { FastifyInstance } from 'fastify'
import { caller, type RouteContext } from '../build-api.js'
import { serializeFormation } from '../serializers/formation.js'

export function formationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: { app: string } }>('/apps/:app/formation', async (request) => {
    const { app: owner, formation } = await ctx.services.listFormation(caller(request), request.params.app)
    return formation.map((f) => serializeFormation(f, owner))
  })

  app.get<{ Params: { app: string; type: string } }>('/apps/:app/formation/:type', async (request) => {
    const { app: owner, formation } = await ctx.services.getFormation(caller(request), request.params.app, request.params.type)
    return serializeFormation(formation, owner)
  })
}
