import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import {
  decodeCapability, encodeCapability, grantCovers,
  type CapabilityGrant, type CapabilityMethod, type CapabilityResource,
} from '../core/capabilities/capability.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

// Capability tokens: issuing them, and checking them at every use. The format and its rules are
// `core/capabilities/capability.ts`; this adds the keys, the clock and the holder's current access.

/** Who a capability URL is issued to: the caller, and the API token the request came with. */
export interface CapabilityHolder {
  account: Account
  tokenId: string
}

export interface CapabilityRequest {
  resource: CapabilityResource
  id: string
  method: CapabilityMethod
  /** The app the object belongs to; null only for objects of no app (sources). */
  appId: string | null
  terms?: Record<string, unknown>
}

/** What a redeemed capability stands for, checked at this moment. */
export interface Redeemed {
  grant: CapabilityGrant
  account: Account
  app: App | null
}

// Every failure reads the same, per kind of object: a URL tells nobody why it stopped working.
const GONE: Record<CapabilityResource, { resource: string; message: string }> = {
  'slug-archive': { resource: 'slug', message: "Couldn't find that slug." },
  source: { resource: 'source', message: "Couldn't find that source." },
  'build-output': { resource: 'build', message: "Couldn't find that build." },
  'release-output': { resource: 'release', message: 'The release command has not started yet.' },
  'log-session': { resource: 'log_session', message: 'This log session does not exist or has expired.' },
  'commit-compare': { resource: 'repository', message: 'Not Found' },
}

/** The one answer to any capability that does not hold: not_found, worded for its kind of object. */
export function capabilityGone(resource: CapabilityResource): PlatformError {
  return new PlatformError('not_found', GONE[resource].message, { resource: GONE[resource].resource })
}

/**
 * Issues a capability token for a URL: one method on one object, for `limits.capabilityTtlMs`,
 * bound to the holder's account and API token and to the object's app.
 */
export function issueCapability(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'limits'>, holder: CapabilityHolder, request: CapabilityRequest): string {
  return encodeCapability({
    resource: request.resource, id: request.id.toLowerCase(), method: request.method, accountId: holder.account.id, tokenId: holder.tokenId,
    appId: request.appId, expiresAt: deps.clock.now().getTime() + deps.limits.capabilityTtlMs, terms: request.terms ?? null,
  }, deps.credentials)
}

/**
 * Checks a capability token at use: its signature and version, that it grants this method on this
 * object and has not expired, that its account and API token still exist, and that the account
 * still has access to the app. Anything wrong is the same not_found.
 */
export async function redeemCapability(
  deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store'>,
  token: string,
  wanted: { resource: CapabilityResource; id: string; method: CapabilityMethod },
): Promise<Redeemed> {
  const grant = decodeCapability(token, deps.credentials)
  if (!grant || !grantCovers(grant, wanted, deps.clock.now().getTime())) throw capabilityGone(wanted.resource)
  const held = await heldAccess(deps, grant)
  if (!held) throw capabilityGone(wanted.resource)
  return { grant, ...held }
}

/** The account and app a grant was issued under, if its holder still has that access (expiry aside); else null. */
export async function heldAccess(deps: Pick<ServiceDeps, 'clock' | 'store'>, grant: CapabilityGrant): Promise<{ account: Account; app: App | null } | null> {
  const holder = await deps.store.findAccountByTokenId(grant.tokenId, deps.clock.now())
  if (!holder || holder.account.id !== grant.accountId) return null
  if (grant.appId === null) return { account: holder.account, app: null }
  try {
    return { account: holder.account, app: await authorizeApp(deps, holder.account, grant.appId) }
  } catch (error) {
    if (error instanceof PlatformError) return null
    throw error
  }
}
