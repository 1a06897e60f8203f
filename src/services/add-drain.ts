import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { LogDrain } from '../core/logs/log-drain.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../core/processes/check-process-string.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

const SCHEMES = ['syslog:', 'syslog+tls:', 'https:', 'http:']

/**
 * `drains:add`: syslog (TCP or TLS) or HTTPS; the drain gets a `d.<uuid>` token and starts at once.
 * A drain may not point at an internal address, literally or through its name (no SSRF); the
 * senders check again at every connection.
 */
export async function addDrain(deps: ServiceDeps, caller: Account, appRef: string, rawUrl: unknown): Promise<{ app: App; drain: LogDrain }> {
  const app = await authorizeApp(deps, caller, appRef)
  if (typeof rawUrl !== 'string') throw new PlatformError('invalid_params', 'url is required: a syslog://, syslog+tls:// or https:// URL.')
  checkProcessString(rawUrl, 'url', PROCESS_STRING_LIMITS.labelBytes)
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    throw new PlatformError('invalid_params', 'url must be a URL such as syslog+tls://logs.example.com:6514 or https://logs.example.com/ingest.')
  }
  if (!SCHEMES.includes(url.protocol) || url.hostname === '') {
    throw new PlatformError('invalid_params', `Unsupported drain URL ${JSON.stringify(rawUrl)}: use syslog://, syslog+tls:// or https://.`)
  }
  const problem = await deps.outbound.problem(url.hostname)
  if (problem !== null) {
    throw new PlatformError('invalid_params', `Log drains cannot point at internal addresses: ${problem} An operator can allow a network with BERTH_OUTBOUND_ALLOW.`)
  }
  try {
    const drain = await deps.store.addDrain(app.id, url.toString(), `d.${deps.newId()}`)
    logApiEvent(deps, app.id, `Add drain ${drain.token} by user ${caller.email}`)
    await deps.logDrains.refresh(app.id)
    return { app, drain }
  } catch (error) {
    if (error instanceof PlatformError && error.id === 'conflict') throw new PlatformError('invalid_params', 'This app already drains to that URL.')
    throw error
  }
}
