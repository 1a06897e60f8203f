import type { HostCertificate } from '../core/certs/sni-endpoint.js'
import type { CertificateSource, ServedCertificate } from '../router/certificate-source.js'
import type { Store } from '../store/store.js'
import { CoalescedRuns } from '../concurrency/coalesced-runs.js'

/**
 * The certificates apps serve (an SNI endpoint chosen for a custom domain, or the one ACM issued
 * it), by hostname, for the router's TLS handshakes: read from the store every few seconds, so a
 * change made through another Berth node arrives too, and at once after a change made here.
 * Lookups are synchronous (they run inside the handshake) and never touch the store.
 */
export class CertificateBook implements CertificateSource {
  #byHost = new Map<string, ServedCertificate>()
  #timer: NodeJS.Timeout | null = null
  readonly #reads: CoalescedRuns

  constructor(private readonly options: { store: Pick<Store, 'hostCertificates'>; pollMs?: number; onError: (error: unknown, what: string) => void }) {
    this.#reads = new CoalescedRuns(() => this.#read(), (error) => options.onError(error, 'could not read the certificates to serve'))
  }

  /** Reads the store once, then every `pollMs` (default 5 s). */
  async start(): Promise<void> {
    await this.#read()
    this.#timer = setInterval(() => this.changed(), this.options.pollMs ?? 5000)
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
  }

  /** The certificate for an SNI name: the exact hostname, else a `*.` domain one label above it. */
  certificateFor(hostname: string): ServedCertificate | null {
    const host = hostname.toLowerCase()
    const exact = this.#byHost.get(host)
    if (exact) return exact
    const dot = host.indexOf('.')
    return dot > 0 ? this.#byHost.get(`*${host.slice(dot)}`) ?? null : null
  }

  /** Re-reads now; calls during a read make one more read after it. */
  changed(): void {
    this.#reads.request()
  }

  async #read(): Promise<void> {
    const rows: HostCertificate[] = await this.options.store.hostCertificates()
    this.#byHost = new Map(rows.map((row) => [row.hostname, { id: row.id, version: row.version, cert: row.chain, key: row.key }]))
  }
}
