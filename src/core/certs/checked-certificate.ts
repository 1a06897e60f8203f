/** What a certificate's leaf says, read from its chain. */
export interface CertificateFacts {
  /** The names the leaf covers (subjectAltName DNS names, else its CN), lower-cased. */
  domains: string[]
  subject: string
  issuer: string
  startsAt: Date
  expiresAt: Date
  /** The chain ends at a certificate authority this machine trusts. */
  caSigned: boolean
}

/** A certificate chain and its key, checked: what an SNI endpoint serves. */
export interface CheckedCertificate extends CertificateFacts {
  /** The chain as PEM, leaf first, one certificate after another (nothing else kept from the input). */
  chain: string
  /** The private key as PKCS#8 PEM. */
  key: string
}

/** Whether a certificate for `domains` serves `hostname`: an exact name, or a wildcard over exactly one label. */
export function certificateCovers(domains: readonly string[], hostname: string): boolean {
  const host = hostname.toLowerCase()
  const dot = host.indexOf('.')
  return domains.some((domain) => domain === host || (dot > 0 && domain === `*${host.slice(dot)}`))
}
