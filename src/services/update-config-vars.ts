import { actorOf, type Account } from '../core/accounts/account.js'
import { parseConfigPatch, type ConfigVars } from '../core/config-vars/config-vars.js'
import { planConfigRelease } from '../core/releases/plan-config-release.js'
import { effectiveConfigVars } from '../core/releases/release.js'
import { authorizeApp } from './authorize-app.js'
import { getConfigVars } from './get-config-vars.js'
import { publishRelease } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Applies a config patch as one new release and returns the resulting config.
 * The release exists when this returns; a patch that changes nothing makes none.
 */
export async function updateConfigVars(deps: ServiceDeps, caller: Account, appRef: string, body: unknown): Promise<ConfigVars> {
  const patch = parseConfigPatch(body)
  const app = await authorizeApp(deps, caller, appRef)
  const release = await deps.store.appendRelease(app.id, (ctx) => planConfigRelease(ctx, patch, actorOf(caller)))
  if (release === null) return getConfigVars(deps, caller, app.id)
  await publishRelease(deps, release)
  return effectiveConfigVars(release)
}
