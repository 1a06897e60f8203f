import type { Actor } from '../accounts/account.js'
import { ADJECTIVES } from '../apps/generate-app-name.js'
import type { ConfigVars } from '../config-vars/config-vars.js'
import { PlatformError } from '../errors/platform-error.js'
import type { ReleaseContext, ReleaseDraft } from '../releases/release.js'
import { attachmentConfigVars, qualifiedPlanName, type Addon } from './addon.js'
import type { AddonService } from './catalog.js'

// Heroku compat: extra attachments of a service are told apart by colour.
const COLORS = [
  'AMBER', 'AQUA', 'BLUE', 'BRONZE', 'BROWN', 'COBALT', 'CRIMSON', 'GOLD', 'GRAY', 'GREEN', 'JADE', 'MAROON',
  'NAVY', 'OLIVE', 'ONYX', 'ORANGE', 'PINK', 'PURPLE', 'RED', 'ROSE', 'SILVER', 'TEAL', 'VIOLET', 'WHITE', 'YELLOW',
]
const ATTACHMENT_NAME = /^[A-Z][A-Z0-9_]*$/
const ADDON_NAME = /^[a-zA-Z][A-Za-z0-9_-]{1,62}$/

/** A Heroku-style add-on name such as `postgresql-shaped-12345`; the caller retries on a clash. */
export function generateAddonName(service: AddonService, random: () => number): string {
  const adjective = ADJECTIVES[Math.floor(random() * ADJECTIVES.length)]
  return `${service.namePrefix}-${adjective}-${Math.floor(random() * 90000) + 10000}`
}

export function checkAddonName(name: string): string {
  if (!ADDON_NAME.test(name)) {
    throw new PlatformError('invalid_params', 'Add-on names start with a letter and contain only letters, digits, "-" and "_" (2 to 63 characters).')
  }
  return name
}

/**
 * The attachment name for a new add-on: `--as` when given (upper-cased), else
 * the service's default (`DATABASE`) while it is free, else the first free colour
 * (`HEROKU_POSTGRESQL_AMBER`).
 */
export function chooseAttachmentName(service: AddonService, requested: string | undefined, taken: readonly string[], appName: string): string {
  if (requested !== undefined && requested !== '') {
    const name = requested.toUpperCase()
    if (!ATTACHMENT_NAME.test(name)) {
      throw new PlatformError('invalid_params', `Invalid attachment name ${JSON.stringify(requested)}: use letters, digits and underscores, starting with a letter.`)
    }
    if (taken.includes(name)) throw new PlatformError('invalid_params', `An add-on is already attached to ${appName} as ${name}. Choose another name with --as.`)
    return name
  }
  const candidates = [service.defaultAttachment, ...COLORS.map((color) => `${service.colorPrefix}_${color}`)]
  const free = candidates.find((name) => !taken.includes(name))
  if (!free) throw new PlatformError('invalid_params', `${appName} has no free attachment name left for ${service.name}; name one with --as.`)
  return free
}

export interface AttachmentPlan {
  addonName: string
  attachmentName: string
  service: string
  plan: string
  config: Readonly<Record<string, string>>
}

/** Refuses an attachment whose config vars the user already set themselves. */
export function checkConfigCollision(userConfig: ConfigVars, attachment: Pick<AttachmentPlan, 'attachmentName' | 'config'>, appName: string): void {
  const clash = Object.keys(attachmentConfigVars(attachment.attachmentName, attachment.config)).filter((key) => Object.hasOwn(userConfig, key))
  if (clash.length > 0) {
    throw new PlatformError('invalid_params', `${clash.join(', ')} is already set on ${appName}. Unset it first, or attach under another name with --as.`)
  }
}

/** `Attach DATABASE (@ref:postgresql-shaped-12345)`: the add-on's config vars join the app's, and its plan the release's plans. */
export function planAttachRelease(ctx: ReleaseContext, attachment: AttachmentPlan, actor: Actor, appName: string): ReleaseDraft {
  checkConfigCollision(ctx.latest.configVars, attachment, appName)
  return {
    description: `Attach ${attachment.attachmentName} (@ref:${attachment.addonName})`,
    slugId: (ctx.current ?? ctx.latest).slugId,
    configVars: ctx.latest.configVars,
    addonConfigVars: { ...ctx.latest.addonConfigVars, ...attachmentConfigVars(attachment.attachmentName, attachment.config) },
    addonPlanNames: [...ctx.latest.addonPlanNames, qualifiedPlanName(attachment)],
    actor,
    status: 'pending',
  }
}

/** `Detach DATABASE (@ref:…)`: the add-on's config vars and plan leave the app. */
export function planDetachRelease(ctx: ReleaseContext, addon: Pick<Addon, 'name' | 'service' | 'plan' | 'config'> & { attachmentName: string }, actor: Actor): ReleaseDraft {
  const owned = attachmentConfigVars(addon.attachmentName, addon.config)
  const addonConfigVars = Object.fromEntries(Object.entries(ctx.latest.addonConfigVars).filter(([key]) => !Object.hasOwn(owned, key)))
  const plans = [...ctx.latest.addonPlanNames]
  const index = plans.indexOf(qualifiedPlanName(addon))
  if (index >= 0) plans.splice(index, 1)
  return {
    description: `Detach ${addon.attachmentName} (@ref:${addon.name})`,
    slugId: (ctx.current ?? ctx.latest).slugId,
    configVars: ctx.latest.configVars,
    addonConfigVars,
    addonPlanNames: plans,
    actor,
    status: 'pending',
  }
}
