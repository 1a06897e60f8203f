import type { Actor } from '../accounts/account.js'

export type BuildStatus = 'pending' | 'succeeded' | 'failed'

/** One turn of source into a slug, from a git push or the Build API. */
export interface Build {
  id: string
  appId: string
  status: BuildStatus
  sourceVersion: string | null
  sourceDescription: string | null
  /** Where the source came from: `git` or a Berth source blob URL. */
  sourceUrl: string | null
  buildpacks: string[]
  /** The stack it builds on: the app's build stack when the build was made (`heroku stack:set` changes later builds). */
  stack: string
  slugId: string | null
  releaseId: string | null
  actor: Actor
  createdAt: Date
  updatedAt: Date
}
