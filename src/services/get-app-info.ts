import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

export interface AppInfo {
  app: App
  /** The app's git repository on disk (0 before the first push). */
  repoSizeBytes: number
  /** The archive of the slug the app serves now; null while it serves none. */
  slugSizeBytes: number | null
}

/** `apps:info`: the app with the sizes Heroku reports, its repository's and its current slug's. */
export async function getAppInfo(deps: Pick<ServiceDeps, 'store' | 'appFiles'>, caller: Account, idOrName: string): Promise<AppInfo> {
  const app = await authorizeApp(deps, caller, idOrName)
  const current = app.currentReleaseId === null ? null : await deps.store.getRelease(app.id, { kind: 'id', id: app.currentReleaseId })
  const slug = current?.slugId ? await deps.store.getSlug(app.id, current.slugId) : null
  return { app, repoSizeBytes: await deps.appFiles.repoBytes(app.id), slugSizeBytes: slug?.sizeBytes ?? null }
}
