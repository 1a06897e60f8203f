import type { Account } from '../core/accounts/account.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../core/processes/check-process-string.js'
import type { Token } from '../store/store-results.js'
import type { ServiceDeps } from './service-deps.js'

export interface Authorization {
  account: Account
  token: Token
  /** The only time the secret is visible; only its hash is stored. */
  secret: string
}

export interface AuthorizationOptions {
  description?: string
  expiresInSeconds?: number | null
}

// Beyond this an expiry date would not be a date at all; ten years is forever for a token.
const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 3600

/** Issues a new API token for an already authenticated account. */
export async function createAuthorization(deps: Pick<ServiceDeps, 'store' | 'credentials' | 'clock'>, account: Account, options: AuthorizationOptions = {}): Promise<Authorization> {
  const { expiresInSeconds } = options
  if (expiresInSeconds != null && (!Number.isSafeInteger(expiresInSeconds) || expiresInSeconds <= 0 || expiresInSeconds > MAX_EXPIRES_IN_SECONDS)) {
    throw new PlatformError('invalid_params', `expires_in must be a positive number of seconds, at most ${MAX_EXPIRES_IN_SECONDS} (ten years).`)
  }
  const description = checkProcessString(options.description ?? 'Berth API token', 'description', PROCESS_STRING_LIMITS.labelBytes)
  const secret = deps.credentials.newToken()
  const token = await deps.store.createToken({
    accountId: account.id,
    tokenHash: deps.credentials.hashToken(secret),
    description,
    expiresAt: expiresInSeconds == null ? null : new Date(deps.clock.now().getTime() + expiresInSeconds * 1000),
  })
  return { account, token, secret }
}
