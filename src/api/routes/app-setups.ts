import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppSetup } from '../../core/app-setups/app-setup.js'
import type { App } from '../../core/apps/app.js'
import type { Build } from '../../core/builds/build.js'
import { PlatformError } from '../../core/errors/platform-error.js'
import { webUrl } from '../api-context.js'
import { objectBody, optionalObject, optionalString } from '../body.js'
import { caller, holder, type RouteContext } from '../route-context.js'
import { serializeAppSetup } from '../serializers/app-setup.js'

/** Heroku's Setup API: an app made from a tarball's app.json, and how its setup went. */
export function appSetupRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const serialize = (request: FastifyRequest, setup: AppSetup, owner: Pick<App, 'id' | 'name'>, build: Build | null) => serializeAppSetup(setup, owner, build, {
    outputStreamUrl: build === null ? null : `${ctx.urls.apiUrl}/build-outputs/${build.id}?token=${ctx.services.buildOutputToken(holder(request), build)}`,
    webUrl: webUrl(ctx.urls, owner.name),
  })

  app.post('/app-setups', async (request, reply) => {
    const body = objectBody(request.body)
    const source = optionalObject(body, 'source_blob')
    const url = source && optionalString(source, 'url')
    if (!source || !url) throw new PlatformError('invalid_params', 'source_blob.url is required: the URL of a gzipped tarball with an app.json.')
    const target = optionalObject(body, 'app') ?? {}
    const overrides = optionalObject(body, 'overrides') ?? {}
    const { setup, build } = await ctx.services.createAppSetup(caller(request), {
      sourceUrl: url,
      checksum: optionalString(source, 'checksum'),
      version: optionalString(source, 'version'),
      app: { name: optionalString(target, 'name'), region: optionalString(target, 'region'), stack: optionalString(target, 'stack') },
      overrides: { env: overrides.env, buildpacks: overrides.buildpacks },
      webUrlOf: (name) => webUrl(ctx.urls, name),
    })
    void reply.status(201)
    return serialize(request, setup, { id: setup.appId, name: setup.appName }, build)
  })

  app.get<{ Params: { id: string } }>('/app-setups/:id', async (request) => {
    const { setup, app: owner, build } = await ctx.services.getAppSetup(caller(request), request.params.id)
    return serialize(request, setup, owner, build)
  })
}
