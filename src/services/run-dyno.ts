import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../core/processes/check-process-string.js'
import { NothingDeployed } from '../rollout/runtime.js'
import type { Dyno } from '../scheduler/scheduler.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

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
