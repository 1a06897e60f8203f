import type { FastifyInstance } from 'fastify'
import { caller, type RouteContext } from '../route-context.js'
import { objectBody } from '../body.js'
import { serializeCollaborator } from '../serializers/collaborator.js'

type AppParams = { Params: { app: string } }

export function collaboratorRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<AppParams>('/apps/:app/collaborators', async (request) => {
    const { app: owner, collaborators } = await ctx.services.listCollaborators(caller(request), request.params.app)
    return collaborators.map((c) => serializeCollaborator(c, owner))
  })

  // Heroku compat: `user` is an email (or `{email}`); `silent` is accepted and ignored.
  app.post<AppParams>('/apps/:app/collaborators', async (request, reply) => {
    const body = objectBody(request.body)
    const user = typeof body.user === 'object' && body.user !== null ? (body.user as { email?: unknown }).email : body.user
    const { app: owner, collaborator } = await ctx.services.addCollaborator(caller(request), request.params.app, user)
    void reply.status(201)
    return serializeCollaborator(collaborator, owner)
  })

  app.delete<{ Params: { app: string; collaborator: string } }>('/apps/:app/collaborators/:collaborator', async (request) => {
    const { app: owner, collaborator } = await ctx.services.removeCollaborator(caller(request), request.params.app, request.params.collaborator)
    return serializeCollaborator(collaborator, owner)
  })
}
