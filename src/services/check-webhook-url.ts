import { PlatformError } from '../core/errors/platform-error.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * A webhook may not point at an internal address, literally or through its name (no SSRF), as log
 * drains may not; the dispatcher checks again at every connection, against the address it uses.
 */
export async function checkWebhookUrl(deps: Pick<ServiceDeps, 'outbound'>, url: string): Promise<void> {
  const problem = await deps.outbound.problem(new URL(url).hostname)
  if (problem !== null) {
    throw new PlatformError('invalid_params', `Webhooks cannot point at internal addresses: ${problem} An operator can allow a network with BERTH_OUTBOUND_ALLOW.`)
  }
}
