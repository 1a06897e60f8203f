import type { Actor } from '../accounts/account.js'
import { PlatformError } from '../errors/platform-error.js'
import type { Release, ReleaseContext, ReleaseDraft } from './release.js'
import { rollbackIneligibility } from './rollback-eligibility.js'

/**
 * A rollback appends a release reusing the target's slug and user config vars.
 * Add-ons are untouched: add-on config vars and plans come from the latest release.
 */
export function planRollback(ctx: ReleaseContext, target: Release, actor: Actor, description = `Rollback to v${target.version}`): ReleaseDraft {
  const reason = rollbackIneligibility(target, ctx.current?.slugId ?? null)
  if (reason !== null) {
    throw new PlatformError('invalid_params', `Cannot roll back to v${target.version}. ${reason}`)
  }
  return {
    description,
    slugId: target.slugId,
    // A user var the target had under a name an add-on now owns would hide behind it, then resurface on detach.
    configVars: Object.fromEntries(Object.entries(target.configVars).filter(([key]) => !Object.hasOwn(ctx.latest.addonConfigVars, key))),
    addonConfigVars: ctx.latest.addonConfigVars,
    addonPlanNames: ctx.latest.addonPlanNames,
    actor,
    status: 'pending',
  }
}
