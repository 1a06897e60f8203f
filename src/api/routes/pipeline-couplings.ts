import type { FastifyInstance, FastifyRequest } from 'fastify'
import { objectBody } from '../body.js'
import { caller, type RouteContext } from '../route-context.js'
import { serializePipelineCoupling } from '../serializers/pipeline.js'

type CouplingParams = { Params: { coupling: string } }

export function pipelineCouplingRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const mine = async (request: FastifyRequest) => (await ctx.services.listPipelineCouplings(caller(request))).map(serializePipelineCoupling)
  app.get('/pipeline-couplings', mine)
  app.get('/users/~/pipeline-couplings', mine)

  app.post('/pipeline-couplings', async (request, reply) => {
    const body = objectBody(request.body)
    const coupling = await ctx.services.createPipelineCoupling(caller(request), { app: body.app, pipeline: body.pipeline, stage: body.stage })
    void reply.status(201)
    return serializePipelineCoupling(coupling)
  })

  app.get<CouplingParams>('/pipeline-couplings/:coupling', async (request) =>
    serializePipelineCoupling(await ctx.services.getPipelineCoupling(caller(request), request.params.coupling)))

  app.patch<CouplingParams>('/pipeline-couplings/:coupling', async (request) =>
    serializePipelineCoupling(await ctx.services.updatePipelineCoupling(caller(request), request.params.coupling, { stage: objectBody(request.body).stage })))

  app.delete<CouplingParams>('/pipeline-couplings/:coupling', async (request) =>
    serializePipelineCoupling(await ctx.services.deletePipelineCoupling(caller(request), request.params.coupling)))

  // Heroku compat: `apps:info` asks every app for its coupling; 404 means it is in no pipeline.
  app.get<{ Params: { app: string } }>('/apps/:app/pipeline-couplings', async (request) =>
    serializePipelineCoupling(await ctx.services.getAppPipelineCoupling(caller(request), request.params.app)))
}
