import type { Account } from '../core/accounts/account.js'
import type { Addon } from '../core/addons/addon.js'
import { findAppAddon, findVisibleAddon } from './addon-refs.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** One add-on, by app and id, name or attachment name, or by id or name alone; with the provider's live facts. */
export async function getAddon(deps: Pick<ServiceDeps, 'store' | 'addonProviders'>, caller: Account, appRef: string | null, addonRef: string): Promise<{ addon: Addon; details: Record<string, string> | null }> {
  const addon = appRef === null ? await findVisibleAddon(deps, caller, addonRef) : await findAppAddon(deps, await authorizeApp(deps, caller, appRef), addonRef)
  const details = await deps.addonProviders.get(addon.service)?.describe(addon.providerId).catch(() => null)
  return { addon, details: details ?? null }
}
