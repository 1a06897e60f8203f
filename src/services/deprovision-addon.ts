import type { Addon } from '../core/addons/addon.js'
import { logApiEvent } from './log-api-event.js'
import type { ServiceDeps } from './service-deps.js'

/** Removes a detached add-on's resources and forgets it; on failure it stays for the sweep. */
export async function deprovisionAddon(deps: Pick<ServiceDeps, 'store' | 'addonProviders' | 'logs'>, addon: Addon): Promise<{ addon: Addon; gone: boolean }> {
  const provider = deps.addonProviders.get(addon.service)
  try {
    if (!provider) throw new Error(`${addon.service} is not enabled`)
    await provider.deprovision(addon.providerId)
  } catch (error) {
    if (addon.appId) logApiEvent(deps, addon.appId, `Removing ${addon.name} failed, will retry: ${(error as Error).message}`)
    return { addon, gone: false }
  }
  await deps.store.deleteAddon(addon.id)
  return { addon, gone: true }
}
