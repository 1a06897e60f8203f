import type { Release } from '../core/releases/release.js'

/**
 * The one path a new release takes to go live, whatever created it. Services
 * hand every release they append to `submit`; it resolves with the release as
 * it stands afterwards (succeeded and current, failed, or still pending while
 * a runtime boots it).
 */
export interface Rollout {
  submit(release: Release): Promise<Release>
}
