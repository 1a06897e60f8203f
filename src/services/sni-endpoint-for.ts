import type { SniEndpoint } from '../core/certs/sni-endpoint.js'
import { certificateCovers } from '../core/certs/checked-certificate.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'

/**
 * The certificate a request chose for `hostname` (`sni_endpoint`: one of the app's endpoints by id
 * or name, or null for none): refused when it is not the app's, or does not cover the hostname.
 */
export function sniEndpointFor(endpoints: readonly SniEndpoint[], choice: unknown, hostname: string): SniEndpoint | null {
  if (choice === null) return null
  if (typeof choice !== 'string') throw new PlatformError('invalid_params', 'sni_endpoint must be the name or id of one of the app\'s SSL certificates, or null.')
  const endpoint = endpoints.find((e) => !e.acm && (e.id === choice || e.name === choice))
  if (!endpoint) throw notFound('sni_endpoint', 'SSL certificate')
  if (!certificateCovers(endpoint.domains, hostname)) {
    throw new PlatformError('invalid_params', `SSL certificate ${endpoint.name} does not cover ${hostname} (it covers ${endpoint.domains.join(', ')}).`)
  }
  return endpoint
}
