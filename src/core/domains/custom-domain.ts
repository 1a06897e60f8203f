import { validateHostname } from '../apps/hostname.js'
import { PlatformError } from '../errors/platform-error.js'

/** A custom domain some app holds, with the account that owns that app. */
export interface HeldDomain {
  hostname: string
  appId: string
  ownerId: string
}

/**
 * Reads a custom domain from the wire: lower-cased DNS labels, optionally `*.` first. Never an
 * IP address in any form a Host header can carry, and never `localhost` or a name under it
 * (RFC 6761): the router would hand that app every request made by address or from the machine.
 */
export function parseCustomDomain(value: unknown): string {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : ''
  if (isIpLiteral(text)) {
    throw new PlatformError('invalid_params', `${JSON.stringify(value)} is an IP address; custom domains are names (such as www.example.com) that point at Berth.`)
  }
  const name = text.replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost')) {
    throw new PlatformError('invalid_params', `${name} is a name for this machine itself (localhost), not a custom domain.`)
  }
  return validateHostname(value)
}

// Clients send any IPv4 form (127.1, 0x7f.0.0.1, 2130706433) as a dotted quad, and WHATWG URL reads
// a host whose last label is a number as IPv4; an IPv6 host comes in brackets. Names never end in a
// numeric label (no top-level domain is one), so refusing those refuses every address and no name.
function isIpLiteral(host: string): boolean {
  if (/[[\]:]/.test(host)) return true
  const last = host.replace(/\.$/, '').split('.').at(-1) ?? ''
  return /^(\d+|0x[0-9a-f]*)$/.test(last)
}

/** `*.example.com` stands for `example.com` and everything under it; other names for themselves. */
function base(hostname: string): string {
  return hostname.startsWith('*.') ? hostname.slice(2) : hostname
}

function under(name: string, parent: string): boolean {
  return name.endsWith(`.${parent}`)
}

/**
 * Refuses a custom domain that would route Berth's own addresses or another account's traffic
 * to this app. The router sends a host to its exact entry, else to `*.<parent>`; so an exact name
 * under another account's wildcard takes that name from it, and a wildcard takes every name under
 * it that nobody holds exactly. Apps of different owners may therefore not hold nested names:
 * neither may equal the other or lie under it, a wildcard counting as its parent name. Apps of
 * one owner may (`example.com` on one app, `*.example.com` on another).
 */
export function checkDomainClaim(hostname: string, claimant: { ownerId: string }, ctx: { platformDomain: string; held: readonly HeldDomain[] }): void {
  const name = base(hostname)
  const platform = ctx.platformDomain.toLowerCase()
  if (name === platform || under(name, platform) || (hostname.startsWith('*.') && under(platform, name))) {
    throw new PlatformError('invalid_params', `${hostname} overlaps ${platform}, where Berth serves its own app addresses.`)
  }
  for (const held of ctx.held) {
    if (held.ownerId === claimant.ownerId) continue
    const other = base(held.hostname)
    if (name === other || under(name, other) || under(other, name)) {
      throw new PlatformError('invalid_params', `${hostname} overlaps ${held.hostname}, a domain of another account's app.`)
    }
  }
}
