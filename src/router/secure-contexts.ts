import { createSecureContext, type SecureContext } from 'node:tls'
import type { CertificateSource, FallbackCertificateSource, ServedCertificate } from './certificate-source.js'
import { TLS_POLICY } from './tls-policy.js'

/** Where the router's certificates come from. */
export interface RouterCertificates {
  /** Asked first: certificates for custom domains. */
  certificates: CertificateSource
  /** Asked when `certificates` has none: Berth's own `<app>.<domain>` names. */
  fallback: FallbackCertificateSource
}

export interface SecureContextsOptions extends RouterCertificates {
  /**
   * Session ticket keys (48 bytes), the listener's. OpenSSL seals and opens tickets with the listener's
   * keys whichever context SNI picked; they are set on every context too, so that holds either way.
   */
  ticketKeys: Buffer
  /** How many contexts to keep, the most recently used. */
  maxContexts?: number
  /** A source that failed (told at each handshake it fails), or a certificate whose PEM will not load (told once per version). */
  onError?: (error: unknown, hostname: string) => void
}

type SniCallback = (error: Error | null, context?: SecureContext) => void

/**
 * Picks the TLS context for each handshake by its SNI name. Sources are asked at every handshake, so a
 * certificate's new `version` is served from the next one on (connections already open keep theirs);
 * contexts are kept by id and version, so a handshake does not parse PEM.
 */
export class SecureContexts {
  // Map order is use order: a hit moves to the end, the first entry is the least recently used.
  // A null context remembers a certificate that would not load, so it is neither parsed nor reported again.
  readonly #contexts = new Map<string, SecureContext | null>()
  readonly #maxContexts: number
  #ticketKeys: Buffer

  constructor(private readonly options: SecureContextsOptions) {
    this.#maxContexts = options.maxContexts ?? 4096
    this.#ticketKeys = options.ticketKeys
  }

  /**
   * The listener's SNICallback. With no certificate for the name it offers no context, so the
   * handshake goes on with the listener's own, which has no certificate, and fails: another tenant's
   * certificate is never served in its place.
   */
  readonly select = (servername: string, callback: SniCallback): void => {
    const hostname = servername.toLowerCase()
    let served: ReturnType<FallbackCertificateSource['certificateFor']>
    try {
      served = this.options.certificates.certificateFor(hostname) ?? this.options.fallback.certificateFor(hostname)
    } catch (error) {
      this.options.onError?.(error, hostname)
      return callback(null)
    }
    if (served === null || !('then' in served)) return callback(null, this.#contextFor(served, hostname))
    served.then((certificate) => callback(null, this.#contextFor(certificate, hostname)), (error: unknown) => {
      this.options.onError?.(error, hostname)
      callback(null)
    })
  }

  /** New session ticket keys, for contexts made from now on (the listener gets them from its owner). */
  useTicketKeys(keys: Buffer): void {
    this.#ticketKeys = keys
    this.#contexts.clear()
  }

  #contextFor(served: ServedCertificate | null, hostname: string): SecureContext | undefined {
    if (served === null) return undefined
    const key = served.id + '\n' + served.version
    let context = this.#contexts.get(key)
    if (context !== undefined) {
      this.#contexts.delete(key)
    } else {
      context = this.#create(served, hostname)
      if (this.#contexts.size >= this.#maxContexts) this.#contexts.delete(this.#contexts.keys().next().value!)
    }
    this.#contexts.set(key, context)
    return context ?? undefined
  }

  #create(served: ServedCertificate, hostname: string): SecureContext | null {
    try {
      return createSecureContext({ ...TLS_POLICY, cert: served.cert, key: served.key, ticketKeys: this.#ticketKeys })
    } catch (error) {
      this.options.onError?.(error, hostname)
      return null
    }
  }
}
