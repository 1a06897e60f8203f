import type { Account } from '../core/accounts/account.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** `DELETE /apps/:app/build-cache`: the next build starts cold. */
export async function purgeBuildCache(deps: Pick<ServiceDeps, 'store' | 'builder'>, caller: Account, appRef: string): Promise<void> {
  const app = await authorizeApp(deps, caller, appRef)
  await deps.builder.purgeCache(app.id)
}
