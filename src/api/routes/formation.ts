import type { FastifyInstance } from 'fastify'
import { PlatformError } from '../../core/errors/platform-error.js'
import type { FormationUpdate } from '../../services/scale-formation.js'
import { caller, type RouteContext } from '../route-context.js'
import { objectBody } from '../body.js'
import { serializeDyno } from '../serializers/dyno.js'
import { serializeFormation } from '../serializers/formation.js'

type AppParams = { Params: { app: string } }
type TypeParams = { Params: { app: string; type: string } }
type DynoParams = { Params: { app: string; dyno: string } }

// Heroku compat: quantities arrive as numbers or strings ("2", "+1"), sizes as `size` or `dyno_size`.
function readUpdate(raw: unknown, type?: string): FormationUpdate {
  const body = objectBody(raw)
  const size = body.dyno_size !== undefined && typeof body.dyno_size === 'object' && body.dyno_size !== null
    ? (body.dyno_size as { name?: unknown }).name
    : body.dyno_size ?? body.size
  const updateType = type ?? body.type
  if (typeof updateType !== 'string') throw new PlatformError('invalid_params', 'Each update needs a process type.')
  return { type: updateType, quantity: body.quantity, size }
}

export function formationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<AppParams>('/apps/:app/formation', async (request) => {
    const { app: owner, formation } = await ctx.services.listFormation(caller(request), request.params.app)
    return formation.map((f) => serializeFormation(f, owner))
  })

  app.get<TypeParams>('/apps/:app/formation/:type', async (request) => {
    const { app: owner, formation } = await ctx.services.getFormation(caller(request), request.params.app, request.params.type)
    return serializeFormation(formation, owner)
  })

  app.patch<AppParams>('/apps/:app/formation', async (request) => {
    const updates = objectBody(request.body).updates
    if (!Array.isArray(updates)) throw new PlatformError('invalid_params', 'updates must be a list of {type, quantity, size}.')
    const { app: owner, formation } = await ctx.services.scaleFormation(caller(request), request.params.app, updates.map((u) => readUpdate(u)))
    return formation.map((f) => serializeFormation(f, owner))
  })

  app.patch<TypeParams>('/apps/:app/formation/:type', async (request) => {
    const { app: owner, formation } = await ctx.services.scaleFormation(caller(request), request.params.app, [readUpdate(request.body, request.params.type)])
    return serializeFormation(formation.find((f) => f.type === request.params.type)!, owner)
  })

  app.get<AppParams & { Querystring: { extended?: string } }>('/apps/:app/dynos', async (request) => {
    const { app: owner, dynos } = await ctx.services.listDynos(caller(request), request.params.app)
    return dynos.map((d) => serializeDyno(d, owner, null, request.query.extended === 'true'))
  })

  app.get<DynoParams>('/apps/:app/dynos/:dyno', async (request) => {
    const { app: owner, dynos } = await ctx.services.listDynos(caller(request), request.params.app)
    const dyno = dynos.find((d) => d.name === request.params.dyno || d.id === request.params.dyno)
    if (!dyno) throw new PlatformError('not_found', "Couldn't find that dyno.", { resource: 'dyno' })
    return serializeDyno(dyno, owner)
  })

  app.post<AppParams>('/apps/:app/dynos', async (request, reply) => {
    const body = objectBody(request.body)
    const { app: owner, dyno, attachUrl } = await ctx.services.runDyno(caller(request), request.params.app, { command: body.command, attach: body.attach })
    void reply.status(201)
    return serializeDyno(dyno, owner, attachUrl)
  })

  // Heroku compat: restarts and stops answer 202 with an empty object.
  const accepted = async (reply: { status(code: number): unknown }, work: Promise<void>) => {
    await work
    reply.status(202)
    return {}
  }
  app.delete<AppParams>('/apps/:app/dynos', async (request, reply) => accepted(reply, ctx.services.restartDynos(caller(request), request.params.app, {})))
  app.delete<DynoParams>('/apps/:app/dynos/:dyno', async (request, reply) =>
    accepted(reply, ctx.services.restartDynos(caller(request), request.params.app, { name: request.params.dyno })))
  // Heroku compat: `ps:restart -p web` uses the plural `formations`.
  app.delete<TypeParams>('/apps/:app/formations/:type', async (request, reply) =>
    accepted(reply, ctx.services.restartDynos(caller(request), request.params.app, { type: request.params.type })))
  app.post<DynoParams>('/apps/:app/dynos/:dyno/actions/stop', async (request, reply) =>
    accepted(reply, ctx.services.stopDynos(caller(request), request.params.app, { name: request.params.dyno })))
  app.post<TypeParams>('/apps/:app/formations/:type/actions/stop', async (request, reply) =>
    accepted(reply, ctx.services.stopDynos(caller(request), request.params.app, { type: request.params.type })))
}
