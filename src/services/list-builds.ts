import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { Build } from '../core/builds/build.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** An app's builds, newest or oldest first. */
export async function listBuilds(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, page: { order: 'asc' | 'desc'; max: number }): Promise<{ app: App; builds: Build[]; more: boolean }> {
  const app = await authorizeApp(deps, caller, appRef)
  const rows = await deps.store.listBuilds(app.id, page)
  return { app, builds: rows.slice(0, page.max), more: rows.length > page.max }
}
