import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import { RELEASE_TYPE } from '../core/formation/plan-formation.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../core/processes/check-process-string.js'
import { DYNO_SIZES } from '../scheduler/plan-dyno-env.js'
import type { Dyno } from '../scheduler/scheduler.js'
import { BootFailure, NothingDeployed, type DynoMatch } from '../rollout/runtime.js'
import type { Formation } from '../core/formation/formation.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './publish-release.js'
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
  // Heroku compat: the CLI rewrites Shield- sizes to Private-; both name the same dynos.
  const name = String(value).replace(/^Shield-/i, 'Private-')
  const known = DYNO_SIZES.find((s) => s.toLowerCase() === name.toLowerCase())
  if (!known) throw new PlatformError('invalid_params', `Unknown dyno size ${JSON.stringify(value)}. Sizes: ${DYNO_SIZES.join(', ')}.`)
  return known
}

export async function listDynos(deps: Pick<ServiceDeps, 'store' | 'runtime'>, caller: Account, appRef: string): Promise<{ app: App; dynos: Dyno[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  return { app, dynos: deps.runtime.dynos(app.id) }
}

/** `ps:restart`: all dynos, a type, or one dyno; a whole type restarts without dropping requests. */
export async function restartDynos(deps: ServiceDeps, caller: Account, appRef: string, match: DynoMatch): Promise<void> {
  const app = await authorizeApp(deps, caller, appRef)
  await requireMatch(deps, app, match)
  logApiEvent(deps, app.id, `Restart ${match.name ?? match.type ?? 'all'} by user ${caller.email}`)
  try {
    await deps.runtime.restart(app.id, match)
  } catch (error) {
    if (!(error instanceof BootFailure)) throw error
    throw new PlatformError('unavailable', `The restarted dynos did not come up (${error.message}); the dynos that were running keep serving. See the app's logs.`)
  }
}

/** `ps:stop`: the dynos stop; those still in the formation are started again, as on Heroku. */
export async function stopDynos(deps: ServiceDeps, caller: Account, appRef: string, match: DynoMatch): Promise<void> {
  const app = await authorizeApp(deps, caller, appRef)
  await requireMatch(deps, app, match)
  logApiEvent(deps, app.id, `Stop ${match.name ?? match.type} by user ${caller.email}`)
  await deps.runtime.stop(app.id, match)
}

/**
 * `heroku run`: a one-off dyno on the current release. Detached, its output
 * goes to the logs; attached, it waits for the client at `attachUrl`
 * (Heroku's rendezvous) and talks to it directly.
 */
export async function runDyno(deps: ServiceDeps, caller: Account, appRef: string, input: { command: unknown; attach?: unknown }): Promise<{ app: App; dyno: Dyno; attachUrl: string | null }> {
  const app = await authorizeApp(deps, caller, appRef)
  const { command } = input
  if (typeof command !== 'string' || command.trim() === '') throw new PlatformError('invalid_params', 'command is required.')
  checkProcessString(command, 'The command', PROCESS_STRING_LIMITS.commandBytes)
  const rendezvous = input.attach === true ? deps.rendezvous.open() : null
  try {
    return { app, dyno: await deps.runtime.runOneOff(app.id, command, caller, { attach: rendezvous?.connection }), attachUrl: rendezvous?.url ?? null }
  } catch (error) {
    if (!(error instanceof NothingDeployed)) throw error
    throw new PlatformError('invalid_params', 'Nothing is deployed yet: push code before running a command.')
  }
}

async function requireMatch(deps: Pick<ServiceDeps, 'runtime'>, app: App, match: DynoMatch): Promise<void> {
  if (match.name === undefined && match.type === undefined) return
  const found = deps.runtime.dynos(app.id).some((d) => (match.name === undefined || d.name === match.name) && (match.type === undefined || d.type === match.type))
  if (!found) throw notFound('dyno')
}
