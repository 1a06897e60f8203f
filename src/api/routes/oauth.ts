import type { FastifyInstance } from 'fastify'
import { PlatformError } from '../../core/errors/platform-error.js'
import type { Authorization } from '../../services/create-authorization.js'
import { caller, countSignIn, type RouteContext } from '../route-context.js'
import { objectBody, optionalInteger, optionalString } from '../body.js'
import { readAuthorization } from '../../credentials/read-authorization.js'
import { serializeAuthorization } from '../serializers/authorization.js'
import { timestamp } from '../serializers/timestamp.js'

export function oauthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Heroku compat: `POST /oauth/authorizations` with Basic email:password is how a CLI logs in.
  // An existing token (Bearer, or Basic with the token as password) may mint another.
  app.post('/oauth/authorizations', { config: { public: true } }, async (request, reply) => {
    const body = objectBody(request.body)
    const options = { description: optionalString(body, 'description'), expiresInSeconds: optionalInteger(body, 'expires_in') }
    const presented = readAuthorization(request.headers.authorization)
    let authorization: Authorization
    if (presented.kind === 'basic' && presented.user.includes('@')) {
      countSignIn(ctx, request)
      authorization = await ctx.services.loginWithPassword(presented.user, presented.password, options)
    } else if (presented.kind === 'none') {
      throw new PlatformError('unauthorized', 'Invalid credentials provided.')
    } else {
      const { account } = await ctx.services.authenticate(presented.kind === 'token' ? presented.token : presented.password)
      authorization = await ctx.services.createAuthorization(account, options)
    }
    void reply.status(201)
    return serializeAuthorization(authorization, new Date())
  })

  // Logout: revoke one of your own tokens; `~` means the token making this request.
  app.delete<{ Params: { id: string } }>('/oauth/authorizations/:id', async (request) => {
    const account = caller(request)
    const id = request.params.id === '~' ? request.tokenId ?? '' : request.params.id
    await ctx.services.deleteAuthorization(account, id)
    return { id, deleted_at: timestamp(new Date()) }
  })
}
