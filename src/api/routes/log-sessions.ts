import type { FastifyInstance } from 'fastify'
import { streamLogs } from '../../logs/log-stream.js'
import { matchesSession } from '../../logs/log-session-filter.js'
import { timestamp } from '../serializers/timestamp.js'
import { holder, type RouteContext } from '../route-context.js'
import { objectBody } from '../body.js'

export function logSessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Params: { app: string } }>('/apps/:app/log-sessions', async (request, reply) => {
    const { id, token } = await ctx.services.createLogSession(holder(request), request.params.app, objectBody(request.body))
    const now = timestamp(new Date())
    void reply.status(201)
    return { id, logplex_url: `${ctx.urls.apiUrl}/log-sessions/${id}?token=${token}`, created_at: now, updated_at: now }
  })

  // Heroku compat: the official CLI opens logplex_url with EventSource and no Authorization header.
  app.get<{ Params: { id: string }; Querystring: { token?: string } }>('/log-sessions/:id', { config: { public: true } }, async (request, reply) => {
    const { session, grant } = await ctx.services.openLogSession(request.params.id, request.query.token ?? '')
    const lastEventId = Number(request.headers['last-event-id'])
    reply.hijack()
    streamLogs(ctx.logs, reply.raw, {
      appId: session.appId,
      filter: matchesSession(session),
      lines: session.lines,
      tail: session.tail,
      sse: (request.headers.accept ?? '').includes('text/event-stream'),
      lastEventId: Number.isInteger(lastEventId) && lastEventId > 0 ? lastEventId : null,
    })
    // A tail ends soon after its holder loses access to the app, and at shutdown.
    if (session.tail) ctx.streams.track(reply.raw, { stillAllowed: () => ctx.services.holderStillAllowed(grant) })
  })
}
