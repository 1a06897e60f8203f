import type { AddonProvider } from '../addons/addon-provider.js'
import { actorOf, type Account } from '../core/accounts/account.js'
import type { Addon } from '../core/addons/addon.js'
import { parseAddonOptions } from '../core/addons/addon-options.js'
import { resolveAddonPlan, type AddonService } from '../core/addons/catalog.js'
import { checkAddonName, checkConfigCollision, chooseAttachmentName, generateAddonName, planAttachRelease } from '../core/addons/plan-attachment.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { addonProviderActor } from './addon-provider-actor.js'
import { authorizeApp } from './authorize-app.js'
import { logApiEvent } from './log-api-event.js'
import { publishRelease } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

export interface CreateAddonInput {
  /** `service[:plan]` or a plan id. */
  plan: string
  /** `--as`: the attachment name. */
  as?: string
  /** `--name`: the add-on's own name. */
  name?: string
  config: Record<string, string>
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
      const draft = planAttachRelease(ctx, { addonName: name, attachmentName, service: service.name, plan: plan.name, config: provisioned.config }, addonProviderActor(service.name), app.name)
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
  const { attachmentName } = attached.addon
  if (attachmentName !== null) deps.webhooks.publishChange(app.id, 'create', { entity: 'api:addon-attachment', addon: { ...attached.addon, attachmentName } }, actorOf(caller))
  await publishRelease(deps, attached.release)
  return attached.addon
}

function providerFor(deps: Pick<ServiceDeps, 'addonProviders'>, service: AddonService): AddonProvider {
  const provider = deps.addonProviders.get(service.name)
  if (!provider) throw new PlatformError('unavailable', `${service.name} is not enabled on this Berth installation; its operator can enable it in the server's configuration.`)
  return provider
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
