import type { AcmStatus } from '../certs/sni-endpoint.js'

/** A custom hostname routed to an app (the `<app>.<domain>` one is implied). */
export interface CustomDomain {
  id: string
  appId: string
  hostname: string
  createdAt: Date
  updatedAt: Date
  /** The certificate the app brought for it (an SNI endpoint), if one is chosen. */
  sniEndpointId: string | null
  acm: DomainAcm
}

/** What Automated Certificate Management did for a domain (all null until the app turns ACM on). */
export interface DomainAcm {
  status: AcmStatus | null
  /** Why the last order failed, for `certs:auto` and the dashboard. */
  reason: string | null
  expiresAt: Date | null
  nextAttemptAt: Date | null
  attempts: number
}
