import type { Account } from '../core/accounts/account.js'
import type { Addon } from '../core/addons/addon.js'
import { findAddonService } from '../core/addons/catalog.js'
import { notFound } from '../core/errors/platform-error.js'
import { appAddonsNamed, findVisibleAddon } from './addon-refs.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * `POST /actions/addons/resolve`: what the CLI means by an add-on argument. An
 * id or name anywhere the caller can see, or an attachment name (`DATABASE`,
 * `app::DATABASE`) on the given app; optionally of one service.
 */
export async function resolveAddons(deps: Pick<ServiceDeps, 'store'>, caller: Account, input: { addon: string; app?: string; service?: string }): Promise<Addon[]> {
  let { addon: ref, app: appRef } = input
  const scoped = /^([^:]+)::(.+)$/.exec(ref)
  if (scoped) [appRef, ref] = [scoped[1]!, scoped[2]!]
  let matches: Addon[]
  if (appRef !== undefined) {
    matches = await appAddonsNamed(deps, await authorizeApp(deps, caller, appRef), ref)
    if (matches.length === 0) matches = [await findVisibleAddon(deps, caller, ref)]
  } else {
    matches = [await findVisibleAddon(deps, caller, ref)]
  }
  const service = input.service === undefined ? undefined : findAddonService(input.service)?.name ?? input.service
  const found = matches.filter((a) => service === undefined || a.service === service)
  if (found.length === 0) throw notFound('add_on', 'add on')
  return found
}
