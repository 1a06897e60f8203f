import type { FastifyInstance } from 'fastify'
import { caller, type RouteContext } from '../route-context.js'

type AppParams = { Params: { app: string } }

export function configVarRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<AppParams>('/apps/:app/config-vars', async (request) => ctx.services.getConfigVars(caller(request), request.params.app))

  // Heroku compat: PATCH returns the whole resulting map, and the release already exists.
  app.patch<AppParams>('/apps/:app/config-vars', async (request) =>
    ctx.services.updateConfigVars(caller(request), request.params.app, request.body))
}
