import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { Build } from '../core/builds/build.js'
import { checkBuildpackRefs } from '../core/builds/check-buildpack-refs.js'
import { notFound } from '../core/errors/platform-error.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** An app's builds, newest or oldest first. */
export async function listBuilds(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, page: { order: 'asc' | 'desc'; max: number }): Promise<{ app: App; builds: Build[]; more: boolean }> {
  const app = await authorizeApp(deps, caller, appRef)
  const rows = await deps.store.listBuilds(app.id, page)
  return { app, builds: rows.slice(0, page.max), more: rows.length > page.max }
}

export async function getBuild(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, buildId: string): Promise<{ app: App; build: Build }> {
  const app = await authorizeApp(deps, caller, appRef)
  const build = isUuid(buildId) ? await deps.store.getBuild(app.id, buildId.toLowerCase()) : null
  if (!build) throw notFound('build')
  return { app, build }
}

/** `DELETE /apps/:app/build-cache`: the next build starts cold. */
export async function purgeBuildCache(deps: Pick<ServiceDeps, 'store' | 'builder'>, caller: Account, appRef: string): Promise<void> {
  const app = await authorizeApp(deps, caller, appRef)
  await deps.builder.purgeCache(app.id)
}

/** Sets the app's buildpacks (used from the next build on); no release is made, as on Heroku. */
export async function setBuildpacks(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, buildpacks: unknown): Promise<App> {
  const app = await authorizeApp(deps, caller, appRef)
  return deps.store.setAppBuildpacks(app.id, checkBuildpackRefs(buildpacks))
}
