import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { outboundProblem } from '../core/net/outbound-policy.js'
import type { Cidr } from '../core/net/parse-ip.js'

/** A resolved address of a host, as `dns.lookup` gives them. */
export interface ResolvedAddress {
  address: string
  family: number
}

/** Turns a host name into its addresses; the system resolver (/etc/hosts, then DNS) by default. */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>

export interface OutboundGuardOptions {
  /** Internal networks the operator allows anyway (BERTH_OUTBOUND_ALLOW). */
  allow: readonly Cidr[]
  resolve?: Resolve
  /** How long a resolution may take before it counts as failed. */
  resolveTimeoutMs?: number
}

/** A destination Berth will not connect to for a user; the message says why, never anything secret. */
export class OutboundRefused extends Error {
  override readonly name = 'OutboundRefused'
}

const systemResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true })

/**
 * The one gate for connections Berth makes to places users choose (log drains; webhooks
 * later). It resolves a host the way a connection would, refuses if any of its addresses is
 * internal, and hands back the address it checked, so the caller connects to exactly that one:
 * a name that resolves elsewhere a moment later (DNS rebinding) cannot slip past.
 */
export class OutboundGuard {
  readonly #allow: readonly Cidr[]
  readonly #resolve: Resolve
  readonly #timeoutMs: number

  constructor(options: OutboundGuardOptions) {
    this.#allow = options.allow
    this.#resolve = options.resolve ?? systemResolve
    this.#timeoutMs = options.resolveTimeoutMs ?? 5000
  }

  /** The address to connect to for `host` (a name or an IP literal, brackets allowed); throws OutboundRefused, or the resolver's error. */
  async resolve(host: string): Promise<ResolvedAddress> {
    const bare = host.replace(/^\[(.*)\]$/, '$1')
    const family = isIP(bare)
    const addresses = family !== 0 ? [{ address: bare, family }] : await this.#lookup(bare)
    if (addresses.length === 0) throw new Error(`${host} has no address`)
    for (const { address } of addresses) {
      const problem = outboundProblem(address, this.#allow)
      if (problem !== null) throw new OutboundRefused(family !== 0 ? `${problem}.` : `${host} resolves to ${problem.replace(/^\S+ is /, `${address}, `)}.`)
    }
    return addresses[0]!
  }

  /** Why `host` may not be reached, or null: it resolves only to public (or allowed) addresses, or does not resolve yet. */
  async problem(host: string): Promise<string | null> {
    try {
      await this.resolve(host)
      return null
    } catch (error) {
      // A name that does not resolve now is checked again at every connection.
      return error instanceof OutboundRefused ? error.message : null
    }
  }

  async #lookup(host: string): Promise<ResolvedAddress[]> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`resolving ${host} took over ${this.#timeoutMs} ms`)), this.#timeoutMs)
    })
    try {
      return await Promise.race([this.#resolve(host), timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
