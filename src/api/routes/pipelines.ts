import type { FastifyInstance, FastifyRequest } from 'fastify'
import { objectBody } from '../body.js'
import { caller, type RouteContext } from '../route-context.js'
import { serializePipeline, serializePipelineCoupling } from '../serializers/pipeline.js'
import { serializeRelease } from '../serializers/release.js'

type PipelineParams = { Params: { pipeline: string } }

export function pipelineRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Heroku compat: `pipelines:info NAME` finds a pipeline with `GET /pipelines?eq[name]=NAME`.
  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/pipelines', async (request) => {
    const name = request.query['eq[name]']
    const pipelines = await ctx.services.listPipelines(caller(request), { name: typeof name === 'string' ? name : undefined })
    return pipelines.map(serializePipeline)
  })

  app.post('/pipelines', async (request, reply) => {
    const pipeline = await ctx.services.createPipeline(caller(request), { name: objectBody(request.body).name })
    void reply.status(201)
    return serializePipeline(pipeline)
  })

  app.get<PipelineParams>('/pipelines/:pipeline', async (request) => serializePipeline(await ctx.services.getPipeline(caller(request), request.params.pipeline)))

  app.patch<PipelineParams>('/pipelines/:pipeline', async (request) => {
    const body = objectBody(request.body)
    return serializePipeline(await ctx.services.updatePipeline(caller(request), request.params.pipeline, { name: body.name }))
  })

  app.delete<PipelineParams>('/pipelines/:pipeline', async (request) => serializePipeline(await ctx.services.deletePipeline(caller(request), request.params.pipeline)))

  app.get<PipelineParams>('/pipelines/:pipeline/pipeline-couplings', async (request) =>
    (await ctx.services.listPipelineCouplings(caller(request), request.params.pipeline)).map(serializePipelineCoupling))

  const latest = (kind: 'releases' | 'deployments') => async (request: FastifyRequest<PipelineParams>) =>
    (await ctx.services.listPipelineReleases(caller(request), request.params.pipeline, kind)).map((r) => serializeRelease(r.release, r.app, r.currentSlugId))
  app.get<PipelineParams>('/pipelines/:pipeline/latest-releases', latest('releases'))
  app.get<PipelineParams>('/pipelines/:pipeline/latest-deployments', latest('deployments'))
}
