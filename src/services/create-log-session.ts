import { PlatformError } from '../core/errors/platform-error.js'
import { authorizeApp } from './authorize-app.js'
import { issueCapability, type CapabilityHolder } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

// Heroku compat: up to 1500 lines, 100 by default.
const MAX_LINES = 1500

/**
 * `POST /apps/:app/log-sessions`: checks access and options, and returns a capability token that
 * carries the session (app, filters), so the unauthenticated logplex_url can be opened and reopened
 * (tail reconnects) until it expires, while the caller keeps access to the app.
 */
export async function createLogSession(
  deps: Pick<ServiceDeps, 'store' | 'credentials' | 'clock' | 'limits' | 'newId'>,
  holder: CapabilityHolder,
  appRef: string,
  body: Record<string, unknown>,
): Promise<{ id: string; token: string }> {
  const app = await authorizeApp(deps, holder.account, appRef)
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
  const terms = {
    lines: Math.min(lines, MAX_LINES), tail: body.tail === true || body.tail === 'true',
    source, dyno: text('dyno') ?? text('dyno_name') ?? text('type'), release,
  }
  const id = deps.newId()
  return { id, token: issueCapability(deps, holder, { resource: 'log-session', id, method: 'GET', appId: app.id, terms }) }
}
