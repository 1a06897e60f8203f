import type { Actor } from '../accounts/account.js'
import { PlatformError } from '../errors/platform-error.js'
import type { Release, ReleaseContext, ReleaseDraft } from '../releases/release.js'

/** Why a release cannot be promoted, or null if it can: it must have gone live with a slug that is still kept. */
export function promotionIneligibility(release: Pick<Release, 'status' | 'slugId' | 'version'>): string | null {
  if (release.slugId === null) return `Release v${release.version} has no slug to promote: deploy code first.`
  if (release.status === 'expired') return `Release v${release.version} has expired: its slug was removed.`
  if (release.status !== 'succeeded') return `Release v${release.version} has not gone live, so it cannot be promoted.`
  return null
}

/**
 * A promotion appends, on a downstream app, a release of the source release's slug (the same slug, by
 * reference) with the downstream app's own latest config vars and add-ons.
 */
export function planPromotionRelease(ctx: ReleaseContext, source: { appName: string; release: Release }, actor: Actor): ReleaseDraft {
  const reason = promotionIneligibility(source.release)
  if (reason !== null) throw new PlatformError('invalid_params', reason)
  return {
    // Heroku compat: the downstream release reads `Promote <source app> v<N>`.
    description: `Promote ${source.appName} v${source.release.version}`,
    slugId: source.release.slugId,
    configVars: ctx.latest.configVars,
    addonConfigVars: ctx.latest.addonConfigVars,
    addonPlanNames: ctx.latest.addonPlanNames,
    actor,
    status: 'pending',
  }
}
