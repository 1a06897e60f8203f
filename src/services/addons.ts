import type { AddonProvider } from '../addons/addon-provider.js'
import type { Account, Actor } from '../core/accounts/account.js'
import type { Addon } from '../core/addons/addon.js'
import { parseAddonOptions } from '../core/addons/addon-options.js'
import { findAddonService, resolveAddonPlan, type AddonService } from '../core/addons/catalog.js'
import {
  checkAddonName, checkConfigCollision, chooseAttachmentName, generateAddonName, planAttachRelease, planDetachRelease,
} from '../core/addons/plan-attachment.js'
import type { App } from '../core/apps/app.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent, publishRelease } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

type Deps = Pick<ServiceDeps, 'store'>

export interface CreateAddonInput {
  /** `service[:plan]` or a plan id. */
  plan: string
  /** `--as`: the attachment name. */
  as?: string
  /** `--name`: the add-on's own name. */
  name?: string
  config: Record<string, string>
}

/** Add-on providers act as `<service>@addons.berth.local` in releases and logs. */
function providerActor(service: string): Actor {
  return { id: null, email: `${service}@addons.berth.local` }
}

function providerFor(deps: Pick<ServiceDeps, 'addonProviders'>, service: AddonService): AddonProvider {
  const provider = deps.addonProviders.get(service.name)
  if (!provider) throw new PlatformError('unavailable', `${service.name} is not enabled on this Berth installation; its operator can enable it in the server's configuration.`)
  return provider
}

/**
 * `addons:create`: provisions the resource, then records the add-on and its
 * `Attach …` release in one transaction and rolls the release out. A failure
 * at any step leaves no add-on, no release and nothing on the provider's server.
 */
export async function createAddon(deps: ServiceDeps, caller: Account, appRef: string, input: CreateAddonInput): Promise<Addon> {
  const app = await authorizeApp(deps, caller, appRef)
  const { service, plan } = resolveAddonPlan(input.plan)
  const options = parseAddonOptions(service, input.config)
  const provider = providerFor(deps, service)
  const name = input.name === undefined ? await unusedAddonName(deps, service) : checkAddonName(input.name)
  if (input.name !== undefined && (await deps.store.findAddon(name))) throw nameTaken()

  // Refuse what the transaction would refuse before making anything on the provider's server.
  const taken = (await deps.store.listAddons({ appId: app.id })).flatMap((a) => (a.attachmentName ? [a.attachmentName] : []))
  const expectedName = chooseAttachmentName(service, input.as, taken, app.name)
  const [latest] = await deps.store.listReleases(app.id, { order: 'desc', max: 1 })
  checkConfigCollision(latest?.configVars ?? {}, { attachmentName: expectedName, config: Object.fromEntries(service.configSuffixes.map((s) => [s, ''])) }, app.name)

  const id = deps.newId()
  const provisioned = await provider.provision({ addonId: id, plan, ...options })
  let attached
  try {
    attached = await deps.store.attachAddon(app.id, { id, name, service: service.name, plan: plan.name, ...provisioned }, (ctx, takenNow) => {
      const attachmentName = chooseAttachmentName(service, input.as, takenNow, app.name)
      const draft = planAttachRelease(ctx, { addonName: name, attachmentName, service: service.name, plan: plan.name, config: provisioned.config }, providerActor(service.name), app.name)
      return { attachmentName, draft }
    })
  } catch (error) {
    await provider.deprovision(provisioned.providerId).catch(() => {
      // The sweep cannot find what was never recorded; say so where the operator looks.
      logApiEvent(deps, app.id, `Could not remove the resources of the failed add-on ${name} from ${service.name}; remove ${provisioned.providerId} by hand`)
    })
    throw error instanceof PlatformError && error.id === 'conflict' ? nameTaken() : error
  }
  logApiEvent(deps, app.id, `Created ${name} (${service.name}:${plan.name}) by user ${caller.email}`)
  await publishRelease(deps, attached.release)
  return attached.addon
}

function nameTaken(): PlatformError {
  return new PlatformError('invalid_params', 'Name is already taken')
}

async function unusedAddonName(deps: Pick<ServiceDeps, 'store' | 'random'>, service: AddonService): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = generateAddonName(service, deps.random)
    if (!(await deps.store.findAddon(name))) return name
  }
  throw new PlatformError('internal_error', 'Could not find a free add-on name; try again or pass a name.')
}

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
  const { addon: detached, release } = await deps.store.detachAddon(addon.id, (ctx, a) => planDetachRelease(ctx, a, providerActor(addon.service)))
  logApiEvent(deps, app.id, `Destroyed ${addon.name} by user ${caller.email}`)
  await publishRelease(deps, release)
  return deprovisionAddon(deps, detached)
}

/** Removes a detached add-on's resources and forgets it; on failure it stays for the sweep. */
async function deprovisionAddon(deps: Pick<ServiceDeps, 'store' | 'addonProviders' | 'logs'>, addon: Addon): Promise<{ addon: Addon; gone: boolean }> {
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

/** Retries the removal of every detached add-on (after a provider outage, or an app deleted with add-ons). */
export async function sweepDetachedAddons(deps: Pick<ServiceDeps, 'store' | 'addonProviders' | 'logs'>): Promise<{ removed: string[]; pending: string[] }> {
  const removed: string[] = []
  const pending: string[] = []
  for (const addon of await deps.store.listAddons({ state: 'deprovisioning' })) {
    ;((await deprovisionAddon(deps, addon)).gone ? removed : pending).push(addon.name)
  }
  return { removed, pending }
}

/** An app's add-ons that `ref` names: by id or name, else by attachment name (`DATABASE`). */
async function appAddonsNamed(deps: Deps, app: App, ref: string): Promise<Addon[]> {
  const addons = await deps.store.listAddons({ appId: app.id })
  const byName = addons.filter((a) => a.id === ref || a.name === ref)
  return byName.length > 0 ? byName : addons.filter((a) => a.attachmentName === ref.toUpperCase())
}

async function findAppAddon(deps: Deps, app: App, ref: string): Promise<Addon> {
  const [addon] = await appAddonsNamed(deps, app, ref)
  if (!addon) throw notFound('add_on', 'add on')
  return addon
}

export async function listAppAddons(deps: Deps, caller: Account, appRef: string): Promise<Addon[]> {
  const app = await authorizeApp(deps, caller, appRef)
  return deps.store.listAddons({ appId: app.id })
}

/** Every add-on on apps the caller belongs to (admins: every app). */
export async function listAddons(deps: Deps, caller: Account): Promise<Addon[]> {
  const addons = await deps.store.listAddons(caller.isAdmin ? {} : { memberId: caller.id })
  return addons.filter((a) => a.appId !== null)
}

/** One add-on, by app and id, name or attachment name, or by id or name alone; with the provider's live facts. */
export async function getAddon(deps: Pick<ServiceDeps, 'store' | 'addonProviders'>, caller: Account, appRef: string | null, addonRef: string): Promise<{ addon: Addon; details: Record<string, string> | null }> {
  const addon = appRef === null ? await visibleAddon(deps, caller, addonRef) : await findAppAddon(deps, await authorizeApp(deps, caller, appRef), addonRef)
  const details = await deps.addonProviders.get(addon.service)?.describe(addon.providerId).catch(() => null)
  return { addon, details: details ?? null }
}

/** An add-on by id or name on an app the caller belongs to; anyone else's is as missing as one that does not exist. */
async function visibleAddon(deps: Deps, caller: Account, ref: string): Promise<Addon> {
  const addon = await deps.store.findAddon(ref)
  if (!addon || addon.appId === null) throw notFound('add_on', 'add on')
  try {
    await authorizeApp(deps, caller, addon.appId)
  } catch (error) {
    throw error instanceof PlatformError && error.id === 'not_found' ? notFound('add_on', 'add on') : error
  }
  return addon
}

/**
 * `POST /actions/addons/resolve`: what the CLI means by an add-on argument. An
 * id or name anywhere the caller can see, or an attachment name (`DATABASE`,
 * `app::DATABASE`) on the given app; optionally of one service.
 */
export async function resolveAddons(deps: Deps, caller: Account, input: { addon: string; app?: string; service?: string }): Promise<Addon[]> {
  let { addon: ref, app: appRef } = input
  const scoped = /^([^:]+)::(.+)$/.exec(ref)
  if (scoped) [appRef, ref] = [scoped[1]!, scoped[2]!]
  let matches: Addon[]
  if (appRef !== undefined) {
    matches = await appAddonsNamed(deps, await authorizeApp(deps, caller, appRef), ref)
    if (matches.length === 0) matches = [await visibleAddon(deps, caller, ref)]
  } else {
    matches = [await visibleAddon(deps, caller, ref)]
  }
  const service = input.service === undefined ? undefined : findAddonService(input.service)?.name ?? input.service
  const found = matches.filter((a) => service === undefined || a.service === service)
  if (found.length === 0) throw notFound('add_on', 'add on')
  return found
}
