import { issueCapability, type CapabilityHolder } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * The "GitHub token" Heroku's GitHub integration hands the CLI for comparing commits: a capability
 * that only reads commit comparisons, as the holder, for a short time. Were it ever sent to the real
 * GitHub, it would be worth nothing there, and nothing here beyond comparisons.
 */
export function compareToken(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'limits'>, holder: CapabilityHolder): string {
  return issueCapability(deps, holder, { resource: 'commit-compare', id: holder.account.id, method: 'GET', appId: null })
}
