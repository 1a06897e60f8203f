/** A certificate the router serves for a hostname, in PEM. `version` changes whenever the certificate or key does. */
export interface ServedCertificate { id: string; version: string; cert: string; key: string }

/** The router's only view of the certificates it serves: one by SNI hostname. It never reads the store. */
export interface CertificateSource {
  /** The certificate for this SNI hostname (exact name, or a wildcard over exactly one label), or null. Synchronous: it runs inside the TLS handshake. */
  certificateFor(hostname: string): ServedCertificate | null
}

/**
 * Where the router turns for a name no `CertificateSource` covers (`<app>.<BERTH_DOMAIN>`). It may
 * take a moment (a development CA mints on demand): the handshake waits for it. Any
 * `CertificateSource` is one.
 */
export interface FallbackCertificateSource {
  certificateFor(hostname: string): ServedCertificate | null | Promise<ServedCertificate | null>
}
