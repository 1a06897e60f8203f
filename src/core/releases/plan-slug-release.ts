import type { Actor } from '../accounts/account.js'
import type { ReleaseContext, ReleaseDraft } from './release.js'

/** A release of a new slug with the latest config vars (a deploy, or `releases:retry`). */
export function planSlugRelease(ctx: ReleaseContext, slugId: string, description: string, actor: Actor): ReleaseDraft {
  return {
    description,
    slugId,
    configVars: ctx.latest.configVars,
    addonConfigVars: ctx.latest.addonConfigVars,
    addonPlanNames: ctx.latest.addonPlanNames,
    actor,
    status: 'pending',
  }
}
