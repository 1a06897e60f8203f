import type { App } from '../../core/apps/app.js'
import type { SniEndpoint } from '../../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../../core/domains/domain.js'
import { timestamp } from './timestamp.js'

/** Heroku's sni-endpoint: `domains` are the ids of the custom domains it serves; the key never leaves the store. */
export function serializeSniEndpoint(app: App, endpoint: SniEndpoint, domains: readonly CustomDomain[]) {
  return {
    app: { id: app.id, name: app.name },
    certificate_chain: endpoint.chain,
    created_at: timestamp(endpoint.createdAt),
    display_name: null,
    domains: endpoint.acm ? [endpoint.id] : domains.filter((d) => d.sniEndpointId === endpoint.id).map((d) => d.id),
    id: endpoint.id,
    name: endpoint.name,
    ssl_cert: {
      // Heroku compat: the CLI reads `acm` (not in the schema) for the Type column.
      acm: endpoint.acm,
      'ca_signed?': endpoint.caSigned,
      cert_domains: endpoint.domains,
      expires_at: timestamp(endpoint.expiresAt),
      id: endpoint.id,
      issuer: endpoint.issuer,
      // Berth refuses self-signed certificates (they cannot serve anyone's browser).
      'self_signed?': false,
      starts_at: timestamp(endpoint.startsAt),
      subject: endpoint.subject,
    },
    updated_at: timestamp(endpoint.updatedAt),
  }
}
