import type { Actor } from '../accounts/account.js'
import type { ReleaseDraft } from './release.js'

// Heroku compat: every new app starts with v1 and v2, neither with a slug.
/** The two releases every app is born with. */
export function planInitialReleases(actor: Actor): ReleaseDraft[] {
  const base = { slugId: null, configVars: {}, addonConfigVars: {}, addonPlanNames: [], actor, status: 'succeeded' as const }
  return [
    { ...base, description: 'Initial release' },
    { ...base, description: 'Enable Logplex' },
  ]
}
