import { actorOf, type Account } from '../core/accounts/account.js'
import { DEFAULT_STACK, type App } from '../core/apps/app.js'
import { parseStack } from '../core/apps/stack.js'
import { validateAppName } from '../core/apps/app-name.js'
import { generateAppName } from '../core/apps/generate-app-name.js'
import { parseRegion } from '../core/apps/region.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { planInitialReleases } from '../core/releases/plan-initial-releases.js'
import type { ServiceDeps } from './service-deps.js'
import { logApiEvent } from './log-api-event.js'

export interface CreateAppInput {
  name?: string
  region?: string
  stack?: string
}

/** Creates an app owned by the caller, born with v1 `Initial release` and v2 `Enable Logplex`. */
export async function createApp(deps: ServiceDeps, caller: Account, input: CreateAppInput): Promise<App> {
  // Heroku compat: `us` and `eu` are labels the app keeps; every app runs here.
  const region = parseRegion(input.region).name
  // Heroku compat: Heroku's stack names are kept, and builds see them as STACK; all run on this machine.
  const stack = input.stack === undefined ? DEFAULT_STACK : parseStack(input.stack).name
  const attempts = input.name === undefined ? 5 : 1
  for (let attempt = 1; ; attempt++) {
    const name = input.name === undefined ? generateAppName(deps.random) : validateAppName(input.name)
    try {
      const app = await deps.store.createApp(
        { name, ownerId: caller.id, stack, region },
        planInitialReleases(actorOf(caller)),
      )
      logApiEvent(deps, app.id, `Initial release by user ${caller.email}`, 1)
      logApiEvent(deps, app.id, `Enable Logplex by user ${caller.email}`, 2)
      deps.webhooks.publishChange(app.id, 'create', { entity: 'api:app', app }, actorOf(caller))
      await deps.runtime.appChanged(app.id)
      return app
    } catch (error) {
      if (!(error instanceof PlatformError && error.id === 'conflict')) throw error
      if (attempt >= attempts) throw new PlatformError('invalid_params', 'Name is already taken')
    }
  }
}
