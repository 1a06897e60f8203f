import type { Actor } from '../core/accounts/account.js'

/** Add-on providers act as `<service>@addons.berth.local` in releases and logs. */
export function addonProviderActor(service: string): Actor {
  return { id: null, email: `${service}@addons.berth.local` }
}
