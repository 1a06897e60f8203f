/**
 * Capability URLs carry their own authorization, for clients that send no credentials (the official
 * CLI's uploads, `got` and EventSource). A grant names one method on one object, the account and
 * API token it was issued through, the app it belongs to, and when it ends. The token is the grant,
 * versioned and signed: `v1.<base64url JSON>.<signature>`.
 */
export const CAPABILITY_RESOURCES = ['slug-archive', 'source', 'build-output', 'release-output', 'log-session', 'commit-compare'] as const
export type CapabilityResource = (typeof CAPABILITY_RESOURCES)[number]
export type CapabilityMethod = 'GET' | 'PUT'

export interface CapabilityGrant {
  resource: CapabilityResource
  /** The object's id: a slug, source, build, release or log session. */
  id: string
  method: CapabilityMethod
  /** Who it was issued to, and through which API token: deleting either revokes it. */
  accountId: string
  tokenId: string
  /** The app the object belongs to; access to it is checked again at every use. Null for sources. */
  appId: string | null
  /** Milliseconds since the epoch. */
  expiresAt: number
  /** Resource-specific terms the signature also covers (a log session's filters). */
  terms: Record<string, unknown> | null
}

export interface Signer {
  sign(value: string): string
  verifySignature(value: string, signature: string): boolean
}

const VERSION = 'v1'
// The signed text names its purpose and version, so no other signature Berth makes can pass for a grant.
const signed = (payload: string) => `berth-capability.${VERSION}.${payload}`

interface Wire {
  r: string
  i: string
  m: string
  a: string
  k: string
  p: string | null
  e: number
  x: Record<string, unknown> | null
}

export function encodeCapability(grant: CapabilityGrant, signer: Pick<Signer, 'sign'>): string {
  const wire: Wire = { r: grant.resource, i: grant.id, m: grant.method, a: grant.accountId, k: grant.tokenId, p: grant.appId, e: grant.expiresAt, x: grant.terms }
  const payload = Buffer.from(JSON.stringify(wire)).toString('base64url')
  return `${VERSION}.${payload}.${signer.sign(signed(payload))}`
}

/** The grant a token stands for, or null when it is malformed, of another version, or not signed by us. */
export function decodeCapability(token: string, signer: Pick<Signer, 'verifySignature'>): CapabilityGrant | null {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== VERSION) return null
  const [, payload = '', signature = ''] = parts
  if (!signer.verifySignature(signed(payload), signature)) return null
  let wire: Partial<Wire>
  try {
    wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Wire>
  } catch {
    return null
  }
  const text = (value: unknown) => typeof value === 'string' && value !== ''
  if (!CAPABILITY_RESOURCES.includes(wire.r as CapabilityResource) || !text(wire.i) || (wire.m !== 'GET' && wire.m !== 'PUT')) return null
  if (!text(wire.a) || !text(wire.k) || !(wire.p === null || text(wire.p)) || !Number.isSafeInteger(wire.e)) return null
  if (!(wire.x === null || (typeof wire.x === 'object' && !Array.isArray(wire.x)))) return null
  return {
    resource: wire.r as CapabilityResource, id: wire.i!, method: wire.m, accountId: wire.a!, tokenId: wire.k!,
    appId: wire.p ?? null, expiresAt: wire.e!, terms: wire.x ?? null,
  }
}

/** Whether a grant covers this method on this object at `nowMs`; the account's access is checked apart. */
export function grantCovers(grant: CapabilityGrant, wanted: { resource: CapabilityResource; id: string; method: CapabilityMethod }, nowMs: number): boolean {
  return grant.resource === wanted.resource && grant.id === wanted.id.toLowerCase() && grant.method === wanted.method && nowMs < grant.expiresAt
}
