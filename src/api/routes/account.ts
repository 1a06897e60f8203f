import type { FastifyInstance } from 'fastify'
import { caller, type RouteContext } from '../route-context.js'
import { serializeAccount } from '../serializers/account.js'
import { objectBody } from '../body.js'

export function accountRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Heroku compat: the CLI also asks HEROKU_PARTICLEBOARD_URL for /account; pointing it here answers it.
  app.get('/account', async (request) => serializeAccount(caller(request)))
  app.get('/users/~', async (request) => serializeAccount(caller(request)))

  app.get('/account/rate-limits', async (request) => ({ remaining: ctx.limiter.remaining(caller(request).id) }))

  // Berth extension (admin only): create an account; the response carries its first API key.
  app.post('/berth/accounts', async (request, reply) => {
    const body = objectBody(request.body)
    const authorization = await ctx.services.createAccount(caller(request), {
      email: body.email, password: body.password, name: body.name, admin: body.admin,
    })
    void reply.status(201)
    return {
      ...serializeAccount(authorization.account),
      api_key: authorization.secret,
    }
  })
}
