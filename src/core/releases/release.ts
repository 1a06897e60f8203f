import type { Actor } from '../accounts/account.js'
import type { ConfigVars } from '../config-vars/config-vars.js'

/**
 * pending: created, not yet live (release phase or boot running);
 * succeeded: went live at some point; failed: never went live;
 * expired: its slug was collected, so it can no longer be rolled back to.
 */
export type ReleaseStatus = 'pending' | 'succeeded' | 'failed' | 'expired'

/** One numbered, immutable combination of slug and config vars. */
export interface Release {
  id: string
  appId: string
  version: number
  description: string
  status: ReleaseStatus
  /** True for exactly one release per app: the one actually serving. */
  current: boolean
  slugId: string | null
  /** Config vars the user set; rollback restores these. */
  configVars: ConfigVars
  /** Config vars owned by attached add-ons; always those of the add-ons attached now. */
  addonConfigVars: ConfigVars
  addonPlanNames: string[]
  actor: Actor
  /** Whether its slug declares a `release` process, so the release has release-phase output. */
  hasReleasePhase: boolean
  createdAt: Date
  updatedAt: Date
}

/** What a planner decides; the store allocates the id and version. */
export interface ReleaseDraft {
  description: string
  slugId: string | null
  configVars: ConfigVars
  addonConfigVars: ConfigVars
  addonPlanNames: string[]
  actor: Actor
  status: 'pending' | 'succeeded'
}

/** The state a planner sees, read inside the store's transaction. */
export interface ReleaseContext {
  /** The newest release: the user's latest intent for config. */
  latest: Release
  /** The release serving now, or null while nothing is. */
  current: Release | null
}

/** The environment a release's dynos see: user config overlaid by add-on config. */
export function effectiveConfigVars(release: Pick<Release, 'configVars' | 'addonConfigVars'>): ConfigVars {
  return { ...release.configVars, ...release.addonConfigVars }
}
