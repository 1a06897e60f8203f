import type { Release } from './release.js'

/**
 * Why a release cannot be rolled back to, or null if it can. Eligible means it
 * went live (succeeded), has a slug, and that slug has not expired.
 */
export function rollbackIneligibility(release: Pick<Release, 'status' | 'slugId' | 'version'>): string | null {
  switch (release.status) {
    case 'failed':
      return `Release v${release.version} failed, so there is nothing to roll back to.`
    case 'pending':
      return `Release v${release.version} is still being released.`
    case 'expired':
      return `Release v${release.version} has expired: its slug was removed.`
    case 'succeeded':
      return release.slugId === null
        ? `Release v${release.version} has no slug: no code had been deployed when it was made.`
        : null
  }
}

export function isEligibleForRollback(release: Pick<Release, 'status' | 'slugId' | 'version'>): boolean {
  return rollbackIneligibility(release) === null
}
