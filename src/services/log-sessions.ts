import type { Account } from '../core/accounts/account.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { LogSessionFilter } from '../logs/log-session-filter.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

// Heroku compat: up to 1500 lines, 100 by default.
const MAX_LINES = 1500
const SESSION_MS = 60 * 60_000

/**
 * `POST /apps/:app/log-sessions`: checks access and options, and returns a capability token that
 * describes the session (app, filters, expiry), so the unauthenticated logplex_url can be opened
 * and reopened (tail reconnects) for an hour.
 */
export async function createLogSession(deps: Pick<ServiceDeps, 'store' | 'credentials' | 'clock'>, caller: Account, appRef: string, body: Record<string, unknown>): Promise<{ token: string }> {
  const app = await authorizeApp(deps, caller, appRef)
  const lines = body.lines === undefined || body.lines === null ? 100 : Number(body.lines)
  if (!Number.isInteger(lines) || lines < 0) throw new PlatformError('invalid_params', 'lines must be a whole number.')
  const text = (key: string) => {
    const value = body[key]
    if (value === undefined || value === null || value === '') return null
    if (typeof value !== 'string') throw new PlatformError('invalid_params', `${key} must be a string.`)
    return value
  }
  const source = text('source')
  if (source !== null && source !== 'app' && source !== 'heroku') throw new PlatformError('invalid_params', 'source must be app or heroku.')
  const releaseText = text('release')
  const release = releaseText === null ? null : Number(releaseText.replace(/^v/i, ''))
  if (release !== null && (!Number.isInteger(release) || release < 1)) throw new PlatformError('invalid_params', 'release must be a version such as v42.')
  const session: LogSessionFilter = {
    appId: app.id, lines: Math.min(lines, MAX_LINES), tail: body.tail === true || body.tail === 'true',
    source, dyno: text('dyno') ?? text('dyno_name') ?? text('type'), release, expiresAt: deps.clock.now().getTime() + SESSION_MS,
  }
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url')
  return { token: `${payload}.${deps.credentials.sign(`log-session:${payload}`)}` }
}

/** The session a logplex_url token stands for; not_found when forged or expired. */
export function openLogSession(deps: Pick<ServiceDeps, 'credentials' | 'clock'>, token: string): LogSessionFilter {
  const [payload = '', signature = ''] = token.split('.')
  const gone = new PlatformError('not_found', 'This log session does not exist or has expired.', { resource: 'log_session' })
  if (!deps.credentials.verifySignature(`log-session:${payload}`, signature)) throw gone
  const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LogSessionFilter
  if (session.expiresAt < deps.clock.now().getTime()) throw gone
  return session
}
