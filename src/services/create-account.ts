import type { Account } from '../core/accounts/account.js'
import { normalizeEmail } from '../core/accounts/email.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../core/processes/check-process-string.js'
import { createAuthorization, type Authorization } from './create-authorization.js'
import type { ServiceDeps } from './service-deps.js'

export interface CreateAccountInput {
  email: unknown
  password?: unknown
  name?: unknown
  admin?: unknown
}

const MIN_PASSWORD_LENGTH = 10

/** Admin only: creates an account and returns its first API token. */
export async function createAccount(deps: Pick<ServiceDeps, 'store' | 'credentials' | 'clock'>, caller: Account, input: CreateAccountInput): Promise<Authorization> {
  if (!caller.isAdmin) throw new PlatformError('forbidden', 'Only an admin can create accounts.')
  const email = normalizeEmail(input.email)
  if (input.password !== undefined && (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH)) {
    throw new PlatformError('invalid_params', `Password must be a string of at least ${MIN_PASSWORD_LENGTH} characters.`)
  }
  if (input.name !== undefined && input.name !== null && typeof input.name !== 'string') {
    throw new PlatformError('invalid_params', 'Name must be a string.')
  }
  if (typeof input.name === 'string') checkProcessString(input.name, 'Name', PROCESS_STRING_LIMITS.labelBytes)
  if (input.admin !== undefined && typeof input.admin !== 'boolean') throw new PlatformError('invalid_params', 'admin must be a boolean.')
  let account: Account
  try {
    account = await deps.store.createAccount({
      email,
      name: typeof input.name === 'string' ? input.name : null,
      passwordHash: typeof input.password === 'string' ? await deps.credentials.hashPassword(input.password) : null,
      isAdmin: input.admin === true,
    })
  } catch (error) {
    if (error instanceof PlatformError && error.id === 'conflict') throw new PlatformError('invalid_params', `An account with the email ${email} already exists.`)
    throw error
  }
  return createAuthorization(deps, account, { description: 'Created with the account' })
}
