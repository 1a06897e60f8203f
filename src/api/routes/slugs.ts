import type { FastifyInstance } from 'fastify'
import { PlatformError } from '../../core/errors/platform-error.js'
import { caller, type RouteContext } from '../build-api.js'
import { objectBody, optionalString } from '../body.js'
import { serializeSlug } from '../serializers/slug.js'

export function slugRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Params: { app: string } }>('/apps/:app/slugs', async (request, reply) => {
    const body = objectBody(request.body)
    const processTypes = body.process_types
    if (typeof processTypes !== 'object' || processTypes === null || Array.isArray(processTypes)) {
      throw new PlatformError('invalid_params', 'process_types is required: an object of process type names to commands.')
    }
    const slug = await ctx.services.createSlug(caller(request), request.params.app, {
      processTypes: processTypes as Record<string, string>,
      commit: optionalString(body, 'commit'),
      commitDescription: optionalString(body, 'commit_description'),
      buildpackProvidedDescription: optionalString(body, 'buildpack_provided_description'),
      checksum: optionalString(body, 'checksum'),
    })
    void reply.status(201)
    return serializeSlug(slug)
  })

  app.get<{ Params: { app: string; slug: string } }>('/apps/:app/slugs/:slug', async (request) =>
    serializeSlug(await ctx.services.getSlug(caller(request), request.params.app, request.params.slug)))
}
