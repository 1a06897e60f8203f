/** A certificate chain and its key, checked: what an SNI endpoint serves. */
export interface CheckedCertificate {
  /** The chain as PEM, leaf first, one certificate after another (nothing else kept from the input). */
  chain: string
  /** The private key as PKCS#8 PEM. */
  key: string
  /** The names the leaf covers (subjectAltName DNS names, else its CN), lower-cased. */
  domains: string[]
  subject: string
  issuer: string
  startsAt: Date
  expiresAt: Date
  /** The chain ends at a certificate authority this machine trusts. */
  caSigned: boolean
}

/** Whether a certificate for `domains` serves `hostname`: an exact name, or a wildcard over exactly one label. */
export function certificateCovers(domains: readonly string[], hostname: string): boolean {
  const host = hostname.toLowerCase()
  return domains.some((domain) => domain === host || (domain.startsWith('*.') && host.endsWith(domain.slice(1)) && !host.slice(0, -domain.length + 1).includes('.') && host.length > domain.length - 1))
}
