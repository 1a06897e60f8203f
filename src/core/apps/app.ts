/** An application: a name, an owner, and a history of releases. */
export interface App {
  id: string
  name: string
  ownerId: string
  ownerEmail: string
  maintenance: boolean
  stack: string
  /** A Heroku region name (`us`, `eu`): a label, see core/apps/region.ts. */
  region: string
  currentReleaseId: string | null
  /** Buildpacks set on the app, in order; empty means detect. */
  buildpacks: string[]
  createdAt: Date
  updatedAt: Date
  releasedAt: Date | null
}

export const DEFAULT_STACK = 'berth-24'
