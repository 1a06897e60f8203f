import { normalizeEmail } from '../core/accounts/email.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { createAuthorization, type Authorization, type AuthorizationOptions } from './create-authorization.js'
import type { ServiceDeps } from './service-deps.js'

/** Password login: checks email and password, then issues a token. */
export async function loginWithPassword(deps: Pick<ServiceDeps, 'store' | 'credentials' | 'clock'>, email: string, password: string, options: AuthorizationOptions = {}): Promise<Authorization> {
  const found = await deps.store.findAccountByEmail(normalizeEmailOrNull(email) ?? '')
  // Verify against a dummy hash when the account is unknown, so timing does not reveal which emails exist.
  const hash = found?.passwordHash ?? 'scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
  const ok = await deps.credentials.verifyPassword(password, hash)
  if (!found || !found.passwordHash || !ok) throw new PlatformError('unauthorized', 'Invalid email or password.')
  return createAuthorization(deps, found.account, options)
}

function normalizeEmailOrNull(email: string): string | null {
  try {
    return normalizeEmail(email)
  } catch {
    return null
  }
}
