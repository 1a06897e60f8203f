import type { Actor } from '../accounts/account.js'
import { applyConfigPatch, describeConfigChange, type ConfigPatch } from '../config-vars/config-vars.js'
import type { ReleaseContext, ReleaseDraft } from './release.js'

/**
 * A config change applies to the latest release's config vars and the serving
 * release's slug. Returns null when the patch changes nothing (no release).
 */
export function planConfigRelease(ctx: ReleaseContext, patch: ConfigPatch, actor: Actor): ReleaseDraft | null {
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
