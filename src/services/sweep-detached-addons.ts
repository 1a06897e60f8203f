import { deprovisionAddon } from './deprovision-addon.js'
import type { ServiceDeps } from './service-deps.js'

/** Retries the removal of every detached add-on (after a provider outage, or an app deleted with add-ons). */
export async function sweepDetachedAddons(deps: Pick<ServiceDeps, 'store' | 'addonProviders' | 'logs'>): Promise<{ removed: string[]; pending: string[] }> {
  const removed: string[] = []
  const pending: string[] = []
  for (const addon of await deps.store.listAddons({ state: 'deprovisioning' })) {
    ;((await deprovisionAddon(deps, addon)).gone ? removed : pending).push(addon.name)
  }
  return { removed, pending }
}
