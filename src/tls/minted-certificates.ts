import type { FallbackCertificateSource, ServedCertificate } from '../router/certificate-source.js'
import type { LocalCa } from './local-ca.js'

// One DNS label: what may stand before the domain (an app's name is one).
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const RENEW_BEFORE_MS = 30 * 86_400_000

export interface MintedCertificatesOptions {
  ca: Pick<LocalCa, 'issue'>
  /** Certificates are minted for `<label>.<domain>` only. */
  domain: string
  /** Whether a name leads anywhere (an app's route): others get no certificate, so no one makes Berth mint at will. */
  routed: (hostname: string) => boolean
  /** How many certificates to keep, the most recently used. */
  maxCertificates?: number
  now?: () => number
}

interface Minted {
  minting: Promise<ServedCertificate>
  /** Null while it is being minted. */
  served: ServedCertificate | null
  renewAtMs: number
}

/**
 * The router's fallback in development: a certificate from Berth's local CA for each
 * `<app>.<BERTH_DOMAIN>` name, minted at its first handshake and kept. A wildcard would do for every
 * app, but OpenSSL (and browsers) refuse `*.localhost`, so each name gets its own.
 */
export class MintedCertificates implements FallbackCertificateSource {
  readonly #minted = new Map<string, Minted>()
  readonly #suffix: string
  readonly #max: number
  readonly #now: () => number
  #count = 0

  constructor(private readonly options: MintedCertificatesOptions) {
    this.#suffix = '.' + options.domain.toLowerCase()
    this.#max = options.maxCertificates ?? 1024
    this.#now = options.now ?? Date.now
  }

  certificateFor(hostname: string): ServedCertificate | Promise<ServedCertificate> | null {
    const minted = this.#minted.get(hostname)
    if (minted && this.#now() < minted.renewAtMs) {
      this.#minted.delete(hostname)
      this.#minted.set(hostname, minted)
      return minted.served ?? minted.minting
    }
    if (!this.#mintsFor(hostname)) return null
    return this.#mint(hostname)
  }

  #mintsFor(hostname: string): boolean {
    return hostname.endsWith(this.#suffix) && LABEL.test(hostname.slice(0, -this.#suffix.length)) && this.options.routed(hostname)
  }

  #mint(hostname: string): Promise<ServedCertificate> {
    const version = String(++this.#count)
    const minting = this.options.ca.issue([hostname]).then((issued) => {
      minted.served = { id: `minted:${hostname}`, version, cert: issued.cert, key: issued.key }
      minted.renewAtMs = issued.notAfter.getTime() - RENEW_BEFORE_MS
      return minted.served
    }, (error: unknown) => {
      // The next handshake tries again.
      if (this.#minted.get(hostname) === minted) this.#minted.delete(hostname)
      throw error
    })
    const minted: Minted = { minting, served: null, renewAtMs: Infinity }
    this.#minted.delete(hostname)
    if (this.#minted.size >= this.#max) this.#minted.delete(this.#minted.keys().next().value!)
    this.#minted.set(hostname, minted)
    return minting
  }
}
