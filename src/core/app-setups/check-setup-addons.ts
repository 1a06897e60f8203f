import { parseAddonOptions } from '../addons/addon-options.js'
import { resolveAddonPlan } from '../addons/catalog.js'
import { PlatformError } from '../errors/platform-error.js'
import { invalidManifest, type ManifestAddon } from './app-manifest.js'

/**
 * Resolves every add-on app.json asks for against Berth's catalog (Heroku's names, such as
 * `heroku-postgresql:essential-0`, map to Berth's services) before anything is made, and refuses
 * the manifest naming each one that cannot be had. Returns the catalog service of each, in order.
 */
export function checkSetupAddons(addons: readonly ManifestAddon[]): string[] {
  const errors: string[] = []
  const services = addons.map((addon, index) => {
    try {
      const { service } = resolveAddonPlan(addon.plan)
      parseAddonOptions(service, addon.options)
      return service.name
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error
      errors.push(`addons[${index}] (${addon.plan.slice(0, 100)}): ${error.message.replace(/\.$/, '')}`)
      return ''
    }
  })
  if (errors.length > 0) throw invalidManifest(errors)
  return services
}
