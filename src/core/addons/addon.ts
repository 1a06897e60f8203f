/**
 * provisioned: attached to its app and serving;
 * deprovisioning: detached (its config vars are gone from the app) while the
 * provider's resources are being removed; retried until they are.
 */
export type AddonState = 'provisioned' | 'deprovisioning'

/** A provisioned resource (a database, a Redis user) and its one attachment to the app that owns it. */
export interface Addon {
  id: string
  /** Globally unique, e.g. `postgresql-shaped-12345`. */
  name: string
  /** Null once its app was deleted and only the deprovisioning remains. */
  appId: string | null
  appName: string | null
  service: string
  plan: string
  state: AddonState
  /** The provider's handle on the resource (role and database, ACL user). */
  providerId: string
  /** Provider config by suffix (`URL`); the attachment name prefixes it (`DATABASE_URL`). */
  config: Readonly<Record<string, string>>
  attachmentId: string
  /** `DATABASE`; null once detached. */
  attachmentName: string | null
  createdAt: Date
  updatedAt: Date
}

/** The config var names an attachment gives its app: `DATABASE` + `URL` → `DATABASE_URL`. */
export function attachmentConfigVars(attachmentName: string, config: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([suffix, value]) => [`${attachmentName}_${suffix}`, value]))
}

/** `berth-postgresql:dev`, as releases' `addon_plan_names` and the API's `plan.name` spell it. */
export function qualifiedPlanName(addon: Pick<Addon, 'service' | 'plan'>): string {
  return `${addon.service}:${addon.plan}`
}
