import { blobKeys } from '../blobs/blob-keys.js'
import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { sweepDetachedAddons } from './sweep-detached-addons.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Deletes an app and its whole history: records, slug archives, build and
 * release-phase output, git repository, build cache, and its add-ons'
 * databases and users once its dynos are gone. Owner only.
 */
export async function deleteApp(deps: Pick<ServiceDeps, 'store' | 'blobs' | 'appFiles' | 'runtime' | 'addonProviders' | 'logs'>, caller: Account, idOrName: string): Promise<App> {
  const app = await authorizeApp(deps, caller, idOrName, 'owner')
  const deleted = await deps.store.deleteApp(app.id)
  const keys = [
    ...deleted.slugIds.map(blobKeys.slug), ...deleted.buildIds.map(blobKeys.buildOutput), ...deleted.releaseIds.map(blobKeys.releaseOutput),
  ]
  for (const key of keys) await deps.blobs.delete(key)
  await deps.runtime.appChanged(app.id)
  await deps.appFiles.remove(app.id)
  await sweepDetachedAddons(deps)
  return app
}
