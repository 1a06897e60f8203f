import type { Account } from '../core/accounts/account.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { ServiceDeps } from './service-deps.js'

/** The account behind an API token; unknown and expired tokens are refused alike. */
export async function authenticate(deps: Pick<ServiceDeps, 'store' | 'credentials' | 'clock'>, token: string): Promise<{ account: Account; tokenId: string }> {
  const found = token === '' ? null : await deps.store.findAccountByTokenHash(deps.credentials.hashToken(token), deps.clock.now())
  if (!found) throw new PlatformError('unauthorized', 'Invalid credentials provided.')
  return { account: found.account, tokenId: found.token.id }
}
