import type { Account } from '../core/accounts/account.js'
import { notFound } from '../core/errors/platform-error.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import type { ServiceDeps } from './service-deps.js'

/** Revokes one of the caller's own tokens (logout). */
export async function deleteAuthorization(deps: Pick<ServiceDeps, 'store'>, caller: Account, tokenId: string): Promise<void> {
  if (!isUuid(tokenId) || !(await deps.store.deleteToken(caller.id, tokenId.toLowerCase()))) throw notFound('authorization')
}
