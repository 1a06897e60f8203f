import type { Store } from '../store/store.js'

/** Every store method the rollout's parts read, together. */
export type RolloutStore = Pick<Store, 'findApp' | 'listDomains' | 'getSlug' | 'listFormation' | 'replaceFormation' | 'finishRelease' | 'listAllApps' | 'getRelease' | 'listPendingReleases'>
