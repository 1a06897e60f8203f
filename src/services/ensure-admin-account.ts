import type { Account } from '../core/accounts/account.js'
import { normalizeEmail } from '../core/accounts/email.js'
import { createAuthorization } from './create-authorization.js'
import type { ServiceDeps } from './service-deps.js'

export interface AdminSeed {
  email: string
  /** Use this key instead of generating one (automation). */
  apiKey?: string
  password?: string
}

export interface AdminResult {
  account: Account
  /** Set only when a key was generated now: shown once, never again. */
  generatedApiKey: string | null
}

/**
 * On first start, creates the admin account with an API key. Later starts keep
 * the account, but a key given by the operator is (re)registered so automation
 * can always sign in with it. Returns null when nothing needed doing.
 */
export async function ensureAdminAccount(deps: Pick<ServiceDeps, 'store' | 'credentials' | 'clock'>, seed: AdminSeed): Promise<AdminResult | null> {
  const email = normalizeEmail(seed.email)
  if ((await deps.store.countAccounts()) === 0) {
    const account = await deps.store.createAccount({
      email,
      name: 'Admin',
      passwordHash: seed.password ? await deps.credentials.hashPassword(seed.password) : null,
      isAdmin: true,
    })
    if (seed.apiKey) {
      await registerKey(deps, account, seed.apiKey)
      return { account, generatedApiKey: null }
    }
    const { secret } = await createAuthorization(deps, account, { description: 'Admin key created on first start' })
    return { account, generatedApiKey: secret }
  }
  if (!seed.apiKey) return null
  const known = await deps.store.findAccountByTokenHash(deps.credentials.hashToken(seed.apiKey), deps.clock.now())
  const admin = await deps.store.findAccountByEmail(email)
  if (known || !admin?.account.isAdmin) return null
  await registerKey(deps, admin.account, seed.apiKey)
  return { account: admin.account, generatedApiKey: null }
}

async function registerKey(deps: Pick<ServiceDeps, 'store' | 'credentials'>, account: Account, apiKey: string): Promise<void> {
  await deps.store.createToken({ accountId: account.id, tokenHash: deps.credentials.hashToken(apiKey), description: 'BERTH_ADMIN_API_KEY', expiresAt: null })
}
