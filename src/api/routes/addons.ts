import type { FastifyInstance } from 'fastify'
import { ADDON_SERVICES, findAddonService, planAlias } from '../../core/addons/catalog.js'
import { notFound, PlatformError } from '../../core/errors/platform-error.js'
import type { CreateAddonInput } from '../../services/create-addon.js'
import { objectBody, optionalString, type JsonObject } from '../body.js'
import { caller, type RouteContext } from '../route-context.js'
import { serializeAddon, serializeAddonPlan, serializeAddonService, serializeAttachments } from '../serializers/addon.js'

type AppParams = { Params: { app: string } }
type AddonParams = { Params: { app: string; addon: string } }

/** `plan` as `"service:plan"`, `{name}` or `{id}`, as the CLI's commands variously send it. */
function readCreateAddon(body: JsonObject): CreateAddonInput {
  const given = body.plan
  const plan = typeof given === 'string' ? given : typeof given === 'object' && given !== null ? (given as JsonObject).name ?? (given as JsonObject).id : undefined
  if (typeof plan !== 'string' || plan === '') throw new PlatformError('invalid_params', 'plan is required, e.g. "berth-postgresql:dev".')
  const config = objectBody(body.config)
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string') throw new PlatformError('invalid_params', `config.${key} must be a string.`)
  }
  return { plan, as: optionalString(objectBody(body.attachment), 'name'), name: optionalString(body, 'name'), config: config as Record<string, string> }
}

function findService(ref: string) {
  const service = findAddonService(ref)
  if (!service) throw notFound('addon_service', 'add-on service')
  return service
}

export function addonRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<AppParams>('/apps/:app/addons', async (request) =>
    (await ctx.services.listAppAddons(caller(request), request.params.app)).map((a) => serializeAddon(a)))

  app.get('/addons', async (request) => (await ctx.services.listAddons(caller(request))).map((a) => serializeAddon(a)))

  app.get<AddonParams>('/apps/:app/addons/:addon', async (request) => {
    const { addon, details } = await ctx.services.getAddon(caller(request), request.params.app, request.params.addon)
    return serializeAddon(addon, { details })
  })

  app.get<{ Params: { addon: string } }>('/addons/:addon', async (request) => {
    const { addon, details } = await ctx.services.getAddon(caller(request), null, request.params.addon)
    return serializeAddon(addon, { details })
  })

  app.post<AppParams>('/apps/:app/addons', async (request, reply) => {
    const addon = await ctx.services.createAddon(caller(request), request.params.app, readCreateAddon(objectBody(request.body)))
    void reply.status(201)
    return serializeAddon(addon)
  })

  // Heroku compat: the CLI sends a JSON body (`{force}`) with DELETE and addresses both by uuid.
  app.delete<AddonParams>('/apps/:app/addons/:addon', async (request) => {
    const confirm = optionalString(objectBody(request.body), 'confirm')
    const { addon, gone } = await ctx.services.destroyAddon(caller(request), request.params.app, request.params.addon, confirm)
    return serializeAddon(addon, { gone })
  })

  app.post('/actions/addons/resolve', async (request) => {
    const body = objectBody(request.body)
    const addon = optionalString(body, 'addon')
    if (!addon) throw new PlatformError('invalid_params', 'addon is required.')
    const found = await ctx.services.resolveAddons(caller(request), { addon, app: optionalString(body, 'app'), service: optionalString(body, 'addon_service') })
    return found.map((a) => serializeAddon(a))
  })

  app.post('/actions/addon-attachments/resolve', async (request) => {
    const body = objectBody(request.body)
    const attachment = optionalString(body, 'addon_attachment')
    if (!attachment) throw new PlatformError('invalid_params', 'addon_attachment is required.')
    const found = await ctx.services.resolveAddons(caller(request), { addon: attachment, app: optionalString(body, 'app'), service: optionalString(body, 'addon_service') })
    return serializeAttachments(found)
  })

  app.get('/addon-attachments', async (request) => serializeAttachments(await ctx.services.listAddons(caller(request))))

  app.get<AppParams>('/apps/:app/addon-attachments', async (request) =>
    serializeAttachments(await ctx.services.listAppAddons(caller(request), request.params.app)))

  app.get<{ Params: { addon: string } }>('/addons/:addon/addon-attachments', async (request) =>
    serializeAttachments([(await ctx.services.getAddon(caller(request), null, request.params.addon)).addon]))

  app.get('/addon-services', async () => ADDON_SERVICES.map(serializeAddonService))

  app.get<{ Params: { service: string } }>('/addon-services/:service', async (request) => serializeAddonService(findService(request.params.service)))

  app.get<{ Params: { service: string } }>('/addon-services/:service/plans', async (request) => {
    const service = findService(request.params.service)
    return service.plans.map((plan) => serializeAddonPlan(service, plan))
  })

  app.get<{ Params: { service: string; plan: string } }>('/addon-services/:service/plans/:plan', async (request) => {
    const service = findService(request.params.service)
    const wanted = request.params.plan.split(':').at(-1)!
    const plan = service.plans.find((p) => p.id === wanted || p.name === planAlias(service, wanted))
    if (!plan) throw notFound('plan', 'add-on plan')
    return serializeAddonPlan(service, plan)
  })
}
