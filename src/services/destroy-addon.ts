import { actorOf, type Account } from '../core/accounts/account.js'
import type { Addon } from '../core/addons/addon.js'
import { planDetachRelease } from '../core/addons/plan-attachment.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { addonProviderActor } from './addon-provider-actor.js'
import { findAppAddon } from './addon-refs.js'
import { authorizeApp } from './authorize-app.js'
import { deprovisionAddon } from './deprovision-addon.js'
import { logApiEvent } from './log-api-event.js'
import { publishRelease } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * `addons:destroy`: detaches the add-on with a `Detach …` release, rolls it
 * out (so dynos stop using the resource), then removes the resource. If the
 * provider is unreachable the add-on stays `deprovisioning` and the sweep retries.
 */
export async function destroyAddon(deps: ServiceDeps, caller: Account, appRef: string, addonRef: string, confirm?: string): Promise<{ addon: Addon; gone: boolean }> {
  const app = await authorizeApp(deps, caller, appRef)
  if (confirm !== undefined && confirm !== app.name) {
    throw new PlatformError('confirmation_required', `Confirm with the app's name, ${app.name}, to destroy this add-on and its data.`)
  }
  const addon = await findAppAddon(deps, app, addonRef)
  if (addon.state === 'deprovisioning') return deprovisionAddon(deps, addon)
  const { addon: detached, release } = await deps.store.detachAddon(addon.id, (ctx, a) => planDetachRelease(ctx, a, addonProviderActor(addon.service)))
  logApiEvent(deps, app.id, `Destroyed ${addon.name} by user ${caller.email}`)
  const { attachmentName } = addon
  if (attachmentName !== null) deps.webhooks.publishChange(app.id, 'destroy', { entity: 'api:addon-attachment', addon: { ...addon, attachmentName } }, actorOf(caller))
  await publishRelease(deps, release)
  return deprovisionAddon(deps, detached)
}
