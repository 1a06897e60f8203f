import type { FastifyRequest } from 'fastify'
import type { Account } from '../core/accounts/account.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { CapabilityHolder } from '../services/capability.js'
import type { ApiContext } from './api-context.js'
import type { RateLimiter } from './rate-limiter.js'

declare module 'fastify' {
  interface FastifyRequest {
    account: Account | null
    tokenId: string | null
  }
  interface FastifyContextConfig {
    /** Routes that authenticate themselves (password login) or need no caller. */
    public?: boolean
    /** Hand the route the request body as a stream instead of parsed JSON. */
    rawBody?: boolean
  }
}

/** The signed-in caller of a route that is not public. */
export function caller(request: FastifyRequest): Account {
  if (!request.account) throw new PlatformError('unauthorized', 'Invalid credentials provided.')
  return request.account
}

/** The caller and the API token of this request: who a capability URL made for it is issued to. */
export function holder(request: FastifyRequest): CapabilityHolder {
  const account = caller(request)
  if (!request.tokenId) throw new PlatformError('unauthorized', 'Invalid credentials provided.')
  return { account, tokenId: request.tokenId }
}

/** Password and API-key sign-ins per client address per hour, so guessing is slow whatever the account. */
export const SIGN_IN_ATTEMPTS_PER_HOUR = 60

export type RouteContext = ApiContext & {
  limiter: RateLimiter
  /** Sign-in attempts by client address (`POST /oauth/authorizations` with a password, `POST /dashboard/session`). */
  signIns: RateLimiter
}

/** Counts one sign-in attempt from this address; 429 once it has made too many this hour. */
export function countSignIn(ctx: RouteContext, request: FastifyRequest): void {
  if (ctx.signIns.take(request.ip) < 0) {
    throw new PlatformError('rate_limit', 'Too many sign-in attempts from this address. Please wait a few minutes and try again.')
  }
}
