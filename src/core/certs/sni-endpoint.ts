import type { CertificateFacts } from './checked-certificate.js'

/** A certificate an app brought (Heroku's SNI endpoint): served for the custom domains that name it. The key stays in the store. */
export interface SniEndpoint extends CertificateFacts {
  id: string
  appId: string
  /** Heroku-style name (`tokyo-12345`); the CLI addresses endpoints by it. */
  name: string
  chain: string
  /** Issued by Automated Certificate Management for one custom domain (its id is the domain's); not the app's to change. */
  acm: boolean
  createdAt: Date
  updatedAt: Date
}

/** Automated Certificate Management's state of one custom domain (Heroku's `acm_status` values). */
export type AcmStatus = 'pending' | 'cert issued' | 'failing' | 'failed'

/** A certificate the router serves for one hostname, with its key: only the router's book reads these. */
export interface HostCertificate {
  hostname: string
  /** The endpoint's id, or the domain's for an ACM certificate. */
  id: string
  /** Changes whenever the certificate does. */
  version: string
  chain: string
  key: string
}
