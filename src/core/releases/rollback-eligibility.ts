import type { Release } from './release.js'

type Candidate = Pick<Release, 'status' | 'slugId' | 'version'>

/**
 * Why a release cannot be rolled back to, or null if it can. Eligible means it
 * went live (succeeded), its slug has not expired, and rolling back cannot
 * remove deployed code: a release without a slug (config changes made before
 * the first deploy) is eligible only while the serving release has no slug
 * either. v1 and v2 are the app's setup and never eligible.
 */
export function rollbackIneligibility(release: Candidate, currentSlugId: string | null): string | null {
  if (release.version <= 2) return `Release v${release.version} is the app's initial setup.`
  switch (release.status) {
    case 'failed':
      return `Release v${release.version} failed, so there is nothing to roll back to.`
    case 'pending':
      return `Release v${release.version} is still being released.`
    case 'expired':
      return `Release v${release.version} has expired: its slug was removed.`
    case 'succeeded':
      return release.slugId === null && currentSlugId !== null
        ? `Release v${release.version} has no slug: it predates the first deploy, and rolling back to it would remove the app's code.`
        : null
  }
}

export function isEligibleForRollback(release: Candidate, currentSlugId: string | null): boolean {
  return rollbackIneligibility(release, currentSlugId) === null
}
