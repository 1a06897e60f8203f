import type { AddonPlan } from '../core/addons/catalog.js'

export interface ProvisionRequest {
  /** The add-on's id; providers name their resources after it. */
  addonId: string
  plan: AddonPlan
  /** `--version`: the server must run this major (or major.minor) version, else 422 and nothing is made. */
  version?: string
}

export interface Provisioned {
  /** The provider's handle on what it made; deprovision and describe take it back. */
  providerId: string
  /** Config by suffix (`URL`); the attachment name prefixes it (`DATABASE_URL`). */
  config: Record<string, string>
}

/**
 * A real service an app can attach. Every failure is a PlatformError
 * `unavailable` naming the provider's reason (never a credential), or
 * `invalid_params` for a version its server does not run, and leaves
 * nothing behind on the provider's server. Providers pass
 * addon-provider.contract.ts against their real server.
 */
export interface AddonProvider {
  /** The catalog service it provides, e.g. `berth-postgresql`. */
  readonly service: string
  provision(request: ProvisionRequest): Promise<Provisioned>
  /** The version of the one server it makes resources on (`16.4`, `7.2.4`). */
  serverVersion(): Promise<string>
  /** Removes the resources and cuts off their credentials. Succeeds when they are already gone. */
  deprovision(providerId: string): Promise<void>
  /** Facts about a live resource for `addons:info` (label → value), or null if it does not exist. */
  describe(providerId: string): Promise<Record<string, string> | null>
}
