import { actorOf, type Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { Formation } from '../core/formation/formation.js'
import { RELEASE_TYPE } from '../core/formation/plan-formation.js'
import { DYNO_SIZES } from '../scheduler/plan-dyno-env.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

export interface FormationUpdate {
  type: string
  /** A number, or Heroku CLI's string forms: "2", "+1", "-1". */
  quantity?: unknown
  size?: unknown
}

const MAX_QUANTITY = 100

/**
 * `heroku ps:scale`: sets quantities and sizes, then converges the running
 * dynos. Scaling is not a release. Unknown types are not_found; `release` can't
 * be scaled.
 */
export async function scaleFormation(deps: ServiceDeps, caller: Account, appRef: string, updates: readonly FormationUpdate[]): Promise<{ app: App; formation: Formation[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  const formation = await deps.store.listFormation(app.id)
  const next = formation.map((entry) => ({ ...entry }))
  for (const update of updates) {
    const entry = next.find((e) => e.type === update.type)
    if (!entry) throw new PlatformError('not_found', `Couldn't find that process type (${update.type}).`, { resource: 'formation' })
    if (update.quantity !== undefined) {
      if (entry.type === RELEASE_TYPE) throw new PlatformError('invalid_params', 'The release process type runs once per release and cannot be scaled.')
      entry.quantity = quantity(update.quantity, entry.quantity)
    }
    if (update.size !== undefined) entry.size = size(update.size)
  }
  const saved = await deps.store.replaceFormation(app.id, next)
  const summary = saved.filter((f) => f.type !== RELEASE_TYPE).map((f) => `${f.type}@${f.quantity}:${f.size}`).join(' ')
  logApiEvent(deps, app.id, `Scaled to ${summary} by user ${caller.email}`)
  for (const entry of saved) {
    const before = formation.find((f) => f.type === entry.type)
    if (before && (before.quantity !== entry.quantity || before.size !== entry.size)) {
      deps.webhooks.publishChange(app.id, 'update', { entity: 'api:formation', formation: entry }, actorOf(caller), { entity: 'api:formation', formation: before })
    }
  }
  await deps.runtime.scale(app.id)
  return { app, formation: saved }
}

function quantity(value: unknown, current: number): number {
  const text = String(value).trim()
  const match = /^([+-]?)(\d{1,4})$/.exec(text)
  if (!match || (typeof value !== 'number' && typeof value !== 'string')) throw new PlatformError('invalid_params', `Invalid quantity ${JSON.stringify(value)}: use a number, or +N / -N.`)
  const amount = Number(match[2])
  const result = match[1] === '+' ? current + amount : match[1] === '-' ? current - amount : amount
  if (result < 0 || result > MAX_QUANTITY) throw new PlatformError('invalid_params', `Quantity must be between 0 and ${MAX_QUANTITY}.`)
  return result
}

function size(value: unknown): string {
  const name = String(value)
  // Heroku compat: Private- and Shield- dynos run only in a Private Space, and Berth has none.
  if (/^(private|shield)-/i.test(name)) {
    throw new PlatformError('invalid_params', `${name} dynos run only in a Private Space, which Berth does not have. Sizes: ${DYNO_SIZES.join(', ')}.`)
  }
  const known = DYNO_SIZES.find((s) => s.toLowerCase() === name.toLowerCase())
  if (!known) throw new PlatformError('invalid_params', `Unknown dyno size ${JSON.stringify(value)}. Sizes: ${DYNO_SIZES.join(', ')}.`)
  return known
}
