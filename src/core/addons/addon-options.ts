import { PlatformError } from '../errors/platform-error.js'
import type { AddonService } from './catalog.js'

/** What `addons:create SERVICE -- --key value` may ask for. */
export interface AddonOptions {
  /** `--version 16`: the server's major (or major.minor) version the resource must live on. */
  version?: string
}

const VERSION = /^\d{1,4}(\.\d{1,4})?$/

/**
 * Reads the options after `--` (Heroku sends them as `config`). Heroku compat: `--version` is
 * Heroku's one common option for PostgreSQL and Redis; anything else is refused with 422.
 */
export function parseAddonOptions(service: Pick<AddonService, 'name'>, config: Readonly<Record<string, string>>): AddonOptions {
  const options: AddonOptions = {}
  for (const [key, value] of Object.entries(config)) {
    if (key !== 'version') {
      throw new PlatformError('invalid_params', `${service.name} takes no config option "${key}" (only --version).`)
    }
    if (!VERSION.test(value)) throw new PlatformError('invalid_params', `--version must be a version number such as 16; got ${JSON.stringify(value)}.`)
    options.version = value
  }
  return options
}

/**
 * Whether the server a provider makes resources on runs the version asked for: `16` matches
 * `16.4`, `7.2` matches `7.2.4`. Each provider has one server, so a version it does not run is
 * refused (422) before anything is made, naming the one it offers.
 */
export function checkServerVersion(product: string, serviceName: string, wanted: string | undefined, serverVersion: string): void {
  if (wanted === undefined || serverVersion === wanted || serverVersion.startsWith(`${wanted}.`)) return
  const offered = serverVersion.split('.')[0]
  throw new PlatformError('invalid_params',
    `${serviceName} offers ${product} ${serverVersion} on this installation, not ${wanted}. Omit --version, or ask for --version ${offered}.`)
}
