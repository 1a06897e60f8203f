import { attachmentConfigVars, qualifiedPlanName, type Addon } from '../../core/addons/addon.js'
import { findAddonService, type AddonPlan, type AddonService } from '../../core/addons/catalog.js'
import { timestamp } from './timestamp.js'

// Berth's services cost nothing; Heroku's CLI prints `free` for 0 cents.
const FREE = { cents: 0, contract: false, metered: false, unit: 'month' }
// The catalog is fixed, so its objects carry fixed timestamps.
const CATALOG_TIME = '2026-01-01T00:00:00Z'

export function serializeAddonService(service: AddonService) {
  return {
    cli_plugin_name: null, created_at: CATALOG_TIME, human_name: service.humanName, id: service.id, name: service.name,
    state: 'ga', supports_multiple_installations: true, supports_sharing: false, updated_at: CATALOG_TIME,
  }
}

export function serializeAddonPlan(service: AddonService, plan: AddonPlan) {
  return {
    addon_service: { id: service.id, name: service.name }, compliance: null, created_at: CATALOG_TIME, default: plan.default,
    description: plan.description, human_name: plan.name, id: plan.id, installable_inside_private_network: false,
    installable_outside_private_network: true, name: qualifiedPlanName({ service: service.name, plan: plan.name }),
    price: FREE, space_default: false, state: 'public', updated_at: CATALOG_TIME, visible: true,
  }
}

function app(addon: Addon) {
  return { id: addon.appId, name: addon.appName }
}

/**
 * Heroku's Add-on shape with `addon_service` and `plan` always expanded (what
 * `Accept-Expansion: addon_service,plan` asks for). `state` is `deprovisioned`
 * once `gone`.
 */
export function serializeAddon(addon: Addon, options: { gone?: boolean; details?: Record<string, string> | null } = {}) {
  const service = findAddonService(addon.service)!
  const plan = service.plans.find((p) => p.name === addon.plan)!
  return {
    actions: [], addon_service: serializeAddonService(service), app: app(addon), billed_price: FREE,
    billing_entity: { id: addon.appId, name: addon.appName, type: 'app' },
    config_vars: addon.attachmentName === null ? [] : Object.keys(attachmentConfigVars(addon.attachmentName, addon.config)),
    created_at: timestamp(addon.createdAt), id: addon.id, name: addon.name, plan: serializeAddonPlan(service, plan),
    provider_id: addon.providerId, state: options.gone ? 'deprovisioned' : addon.state, updated_at: timestamp(addon.updatedAt), web_url: null,
    ...(options.details === undefined ? {} : { provider_details: options.details }),
  }
}

/** Heroku's Add-on Attachment shape; Berth attaches each add-on to its own app only. */
export function serializeAttachment(addon: Addon & { attachmentName: string }) {
  return {
    addon: { app: app(addon), id: addon.id, name: addon.name }, app: app(addon), created_at: timestamp(addon.createdAt),
    id: addon.attachmentId, log_input_url: null, name: addon.attachmentName, namespace: null, updated_at: timestamp(addon.updatedAt), web_url: null,
  }
}

/** The attachments among these add-ons (detached ones have none). */
export function serializeAttachments(addons: readonly Addon[]) {
  return addons.flatMap((a) => (a.attachmentName === null ? [] : [serializeAttachment({ ...a, attachmentName: a.attachmentName })]))
}
