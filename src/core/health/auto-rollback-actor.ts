import type { Actor } from '../accounts/account.js'
import type { Release } from '../releases/release.js'

/** Berth's release-health watch acts as this in releases and logs. */
export const AUTO_ROLLBACK_ACTOR: Readonly<Actor> = Object.freeze({ id: null, email: 'auto-rollback@berth.local' })

/**
 * Whether Berth's watch made this release. No account has a null id, so no user can pose as it;
 * it is read from the release itself, so it holds for a rollback made before a restart too.
 */
export function isAutoRollback(release: Pick<Release, 'actor'>): boolean {
  return release.actor.id === null && release.actor.email === AUTO_ROLLBACK_ACTOR.email
}
