import type { FastifyInstance } from 'fastify'
import { parsePromotionInput } from '../../core/pipelines/parse-promotion-input.js'
import { caller, type RouteContext } from '../route-context.js'
import { serializePipelinePromotion, serializePromotionTarget } from '../serializers/pipeline-promotion.js'

type PromotionParams = { Params: { promotion: string } }

export function pipelinePromotionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Answers at once with the promotion `pending`; the CLI polls its targets.
  app.post('/pipeline-promotions', async (request, reply) => {
    const promotion = await ctx.services.createPipelinePromotion(caller(request), parsePromotionInput(request.body))
    void reply.status(201)
    return serializePipelinePromotion(promotion)
  })

  app.get<PromotionParams>('/pipeline-promotions/:promotion', async (request) =>
    serializePipelinePromotion(await ctx.services.getPipelinePromotion(caller(request), request.params.promotion)))

  app.get<PromotionParams>('/pipeline-promotions/:promotion/promotion-targets', async (request) =>
    (await ctx.services.getPipelinePromotion(caller(request), request.params.promotion)).targets.map(serializePromotionTarget))
}
