import type { FastifyInstance, FastifyReply } from 'fastify'
import { objectBody } from '../body.js'
import { paginate, parseRange, rangeHeaders, type RangeRequest, type RangeSpec } from '../range.js'
import { caller, type RouteContext } from '../route-context.js'
import { serializeWebhook, serializeWebhookDelivery, serializeWebhookEvent } from '../serializers/webhook.js'

// Heroku compat: `webhooks:deliveries` asks `Range: seq ..; order=desc,max=1000` (Berth pages by
// creation time, which `seq` falls back to) and filters with `?eq[status]=…`.
const LIST_RANGE: RangeSpec = { fields: ['created_at', 'id'] }

type AppParams = { Params: { app: string } }
type WebhookParams = { Params: { app: string; webhook: string } }

/** Heroku's app webhooks: subscriptions, their deliveries and events. Every route checks the caller's access to the app. */
export function webhookRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<AppParams>('/apps/:app/webhooks', async (request) => {
    const { app: owner, webhooks } = await ctx.services.listWebhooks(caller(request), request.params.app)
    return webhooks.map((w) => serializeWebhook(w, owner))
  })

  app.post<AppParams>('/apps/:app/webhooks', async (request, reply) => {
    const { app: owner, webhook, generatedSecret } = await ctx.services.createWebhook(caller(request), request.params.app, objectBody(request.body))
    // Heroku compat: a secret Berth generated is shown once, in this header (`webhooks:add` prints it).
    if (generatedSecret !== null) void reply.header('Heroku-Webhook-Secret', generatedSecret)
    void reply.status(201)
    return serializeWebhook(webhook, owner)
  })

  app.get<WebhookParams>('/apps/:app/webhooks/:webhook', async (request) => {
    const { app: owner, webhook } = await ctx.services.getWebhook(caller(request), request.params.app, request.params.webhook)
    return serializeWebhook(webhook, owner)
  })

  app.patch<WebhookParams>('/apps/:app/webhooks/:webhook', async (request) => {
    const { app: owner, webhook } = await ctx.services.updateWebhook(caller(request), request.params.app, request.params.webhook, objectBody(request.body))
    return serializeWebhook(webhook, owner)
  })

  app.delete<WebhookParams>('/apps/:app/webhooks/:webhook', async (request) => {
    const { app: owner, webhook } = await ctx.services.deleteWebhook(caller(request), request.params.app, request.params.webhook)
    return serializeWebhook(webhook, owner)
  })

  app.get<AppParams & { Querystring: Record<string, unknown> }>('/apps/:app/webhook-deliveries', async (request, reply) => {
    const range = parseRange(request.headers.range, LIST_RANGE)
    const status = request.query['eq[status]']
    const { deliveries } = await ctx.services.listWebhookDeliveries(caller(request), request.params.app, typeof status === 'string' ? status : undefined)
    return pageByCreation(reply, range, deliveries.map((d) => ({ createdAt: d.createdAt, body: serializeWebhookDelivery(d) })))
  })

  app.get<{ Params: { app: string; delivery: string } }>('/apps/:app/webhook-deliveries/:delivery', async (request) => {
    const { delivery } = await ctx.services.getWebhookDelivery(caller(request), request.params.app, request.params.delivery)
    return serializeWebhookDelivery(delivery)
  })

  app.get<AppParams>('/apps/:app/webhook-events', async (request, reply) => {
    const range = parseRange(request.headers.range, LIST_RANGE)
    const { events } = await ctx.services.listWebhookEvents(caller(request), request.params.app)
    return pageByCreation(reply, range, events.map((e) => ({ createdAt: e.createdAt, body: serializeWebhookEvent(e) })))
  })

  app.get<{ Params: { app: string; event: string } }>('/apps/:app/webhook-events/:event', async (request) => {
    const { event } = await ctx.services.getWebhookEvent(caller(request), request.params.app, request.params.event)
    return serializeWebhookEvent(event)
  })
}

/** One page of a list ordered by creation time (or id), as the Range header asks: its headers, and 206 when more follow. */
function pageByCreation<T extends { id: string }>(reply: FastifyReply, range: RangeRequest, items: { createdAt: Date; body: T }[]): T[] {
  const all = items.map((item) => ({ key: item.createdAt.toISOString(), body: item.body }))
  const { page, more } = paginate(all, range, (item, field) => (field === 'id' ? item.body.id : item.key))
  const valueOf = (item: (typeof page)[number] | undefined) => (item === undefined ? undefined : range.field === 'id' ? item.body.id : item.key)
  void reply.headers(rangeHeaders(LIST_RANGE, range, valueOf(page[0]), valueOf(page.at(-1)), more))
  void reply.status(more ? 206 : 200)
  return page.map((item) => item.body)
}
