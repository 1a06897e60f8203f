import { createPrivateKey, X509Certificate } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import type { CertificateSource, ServedCertificate } from '../router/certificate-source.js'

export interface CertificateFilesOptions {
  /** PEM: the certificate, then any intermediates. */
  certFile: string
  /** PEM: its private key. */
  keyFile: string
  /** How often, at most, the files' modification times are looked at. */
  checkEveryMs?: number
  now?: () => number
  /** Changed files that will not load (a key not yet written beside its new certificate): the previous pair keeps serving. */
  onError?: (error: unknown) => void
}

interface Loaded {
  served: ServedCertificate
  x509: X509Certificate
  /** The files' sizes and modification times when they were read. */
  stamp: string
}

/**
 * The operator's certificate (BERTH_ROUTER_TLS_CERT and _KEY, a wildcard for `*.<BERTH_DOMAIN>`),
 * served for the names it covers. Its files are read again when they change, looked at no more than
 * every few seconds, so a renewed certificate is served without a restart.
 */
export class CertificateFiles implements CertificateSource {
  #loaded: Loaded
  #checkedAtMs: number
  readonly #checkEveryMs: number
  readonly #now: () => number

  /** Reads the files once; throws if they are missing, unreadable, or not a certificate and its key. */
  constructor(private readonly options: CertificateFilesOptions) {
    this.#checkEveryMs = options.checkEveryMs ?? 5000
    this.#now = options.now ?? Date.now
    this.#loaded = this.#read()
    this.#checkedAtMs = this.#now()
  }

  certificateFor(hostname: string): ServedCertificate | null {
    this.#refresh()
    return this.#loaded.x509.checkHost(hostname) === undefined ? null : this.#loaded.served
  }

  #refresh(): void {
    const now = this.#now()
    if (now - this.#checkedAtMs < this.#checkEveryMs) return
    this.#checkedAtMs = now
    try {
      if (this.#stamp() !== this.#loaded.stamp) this.#loaded = this.#read()
    } catch (error) {
      this.options.onError?.(error)
    }
  }

  #stamp(): string {
    const cert = statSync(this.options.certFile)
    const key = statSync(this.options.keyFile)
    return `${cert.size}@${cert.mtimeMs}/${key.size}@${key.mtimeMs}`
  }

  #read(): Loaded {
    // Stamped before reading: a file that changes while it is read is read again at the next check.
    const stamp = this.#stamp()
    const cert = readFileSync(this.options.certFile, 'utf8')
    const key = readFileSync(this.options.keyFile, 'utf8')
    const x509 = new X509Certificate(cert)
    if (!x509.checkPrivateKey(createPrivateKey(key))) throw new Error(`${this.options.keyFile} is not the key of the certificate in ${this.options.certFile}`)
    return { x509, stamp, served: { id: `file:${this.options.certFile}`, version: stamp, cert, key } }
  }
}
