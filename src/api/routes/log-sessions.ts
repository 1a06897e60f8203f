import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { streamLogs } from '../../logs/log-stream.js'
import { matchesSession } from '../../logs/log-session-filter.js'
import { timestamp } from '../serializers/timestamp.js'
import { caller, type RouteContext } from '../build-api.js'
import { objectBody } from '../body.js'

export function logSessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Params: { app: string } }>('/apps/:app/log-sessions', async (request, reply) => {
    const { token } = await ctx.services.createLogSession(caller(request), request.params.app, objectBody(request.body))
    const id = randomUUID()
    const now = timestamp(new Date())
    void reply.status(201)
    return { id, logplex_url: `${ctx.urls.apiUrl}/log-sessions/${id}?token=${token}`, created_at: now, updated_at: now }
  })

  // Heroku compat: the official CLI opens logplex_url with EventSource and no Authorization header.
  app.get<{ Params: { id: string }; Querystring: { token?: string } }>('/log-sessions/:id', { config: { public: true } }, async (request, reply) => {
    const session = ctx.services.openLogSession(request.query.token ?? '')
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
  })
}
