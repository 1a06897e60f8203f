import type { Actor } from '../accounts/account.js'
import { applyConfigPatch, describeConfigChange, type ConfigPatch } from '../config-vars/config-vars.js'
import { PlatformError } from '../errors/platform-error.js'
import type { ReleaseContext, ReleaseDraft } from './release.js'

/**
 * A config change applies to the latest release's config vars and the serving
 * release's slug. Returns null when the patch changes nothing (no release).
 * Add-on-owned vars belong to their attachment and are refused here.
 */
export function planConfigRelease(ctx: ReleaseContext, patch: ConfigPatch, actor: Actor): ReleaseDraft | null {
  const owned = Object.keys(patch).filter((key) => Object.hasOwn(ctx.latest.addonConfigVars, key))
  if (owned.length > 0) {
    throw new PlatformError(
      'invalid_params',
      `${owned.join(', ')} ${owned.length === 1 ? 'is' : 'are'} set by an attached add-on and cannot be changed with config. ` +
        'Run `addons` to see which one, and `addons:destroy` to detach it.',
    )
  }
  const change = applyConfigPatch(ctx.latest.configVars, patch)
  if (change.set.length === 0 && change.removed.length === 0) return null
  return {
    description: describeConfigChange(change.set, change.removed),
    slugId: (ctx.current ?? ctx.latest).slugId,
    configVars: change.vars,
    addonConfigVars: ctx.latest.addonConfigVars,
    addonPlanNames: ctx.latest.addonPlanNames,
    actor,
    status: 'pending',
  }
}
