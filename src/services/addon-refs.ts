import type { Account } from '../core/accounts/account.js'
import type { Addon } from '../core/addons/addon.js'
import type { App } from '../core/apps/app.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

// How the add-on a caller names is found: on an app by id, name or attachment name, or anywhere the
// caller can see by id or name. What the caller may not see is as missing as what does not exist.

type Deps = Pick<ServiceDeps, 'store'>

/** An app's add-ons that `ref` names: by id or name, else by attachment name (`DATABASE`). */
export async function appAddonsNamed(deps: Deps, app: App, ref: string): Promise<Addon[]> {
  const addons = await deps.store.listAddons({ appId: app.id })
  const byName = addons.filter((a) => a.id === ref || a.name === ref)
  return byName.length > 0 ? byName : addons.filter((a) => a.attachmentName === ref.toUpperCase())
}

/** The app's add-on that `ref` names; not_found when none does. */
export async function findAppAddon(deps: Deps, app: App, ref: string): Promise<Addon> {
  const [addon] = await appAddonsNamed(deps, app, ref)
  if (!addon) throw notFound('add_on', 'add on')
  return addon
}

/** An add-on by id or name on an app the caller belongs to; anyone else's is as missing as one that does not exist. */
export async function findVisibleAddon(deps: Deps, caller: Account, ref: string): Promise<Addon> {
  const addon = await deps.store.findAddon(ref)
  if (!addon || addon.appId === null) throw notFound('add_on', 'add on')
  try {
    await authorizeApp(deps, caller, addon.appId)
  } catch (error) {
    throw error instanceof PlatformError && error.id === 'not_found' ? notFound('add_on', 'add on') : error
  }
  return addon
}
