import type { FastifyInstance } from 'fastify'
import { caller, type RouteContext } from '../build-api.js'

export function addonRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // No add-on providers are installed yet (see issue tracker), so an app's add-on list is empty;
  // the route exists because `heroku apps:info` needs it to succeed.
  app.get<{ Params: { app: string } }>('/apps/:app/addons', async (request) => {
    await ctx.services.getApp(caller(request), request.params.app)
    return []
  })
}
