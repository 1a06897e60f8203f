import type { FastifyInstance } from 'fastify'
import type { Readable } from 'node:stream'
import { PlatformError } from '../../core/errors/platform-error.js'
import type { Slug } from '../../core/slugs/slug.js'
import type { CapabilityHolder } from '../../services/capability.js'
import { caller, holder, type RouteContext } from '../route-context.js'
import { objectBody, optionalString } from '../body.js'
import { serializeSlug } from '../serializers/slug.js'

type ArchiveParams = { Params: { slug: string }; Querystring: { token?: string } }

export function slugRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Slug Create's blob uploads (PUT), Slug Info's downloads (GET): a URL for one method only.
  const blob = (who: CapabilityHolder, slug: Slug, method: 'get' | 'put') => ({
    method,
    url: `${ctx.urls.apiUrl}/slug-archives/${slug.id}?token=${ctx.services.slugArchiveToken(who, slug, method === 'put' ? 'PUT' : 'GET')}`,
  })

  // Heroku compat: create the slug's record, then PUT its archive (a .tgz of the app dir) to blob.url.
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
    return serializeSlug(slug, blob(holder(request), slug, 'put'))
  })

  app.get<{ Params: { app: string; slug: string } }>('/apps/:app/slugs/:slug', async (request) => {
    const slug = await ctx.services.getSlug(caller(request), request.params.app, request.params.slug)
    return serializeSlug(slug, blob(holder(request), slug, 'get'))
  })

  app.put<ArchiveParams>('/slug-archives/:slug', { config: { public: true, rawBody: true } }, async (request) => {
    await ctx.services.uploadSlugArchive(request.params.slug, request.query.token ?? '', request.body as Readable)
    return {}
  })

  app.get<ArchiveParams>('/slug-archives/:slug', { config: { public: true } }, async (request, reply) => {
    const archive = await ctx.services.downloadSlugArchive(request.params.slug, request.query.token ?? '')
    if (!archive) throw new PlatformError('not_found', 'No archive was uploaded for that slug.', { resource: 'slug' })
    return reply.type('application/gzip').send(archive)
  })
}
