/** An application: a name, an owner, and a history of releases. */
export interface App {
  id: string
  name: string
  ownerId: string
  ownerEmail: string
  maintenance: boolean
  /** Automated Certificate Management is on: Berth orders certificates for the app's custom domains. */
  acm: boolean
  /** The stack the current slug was built on. */
  stack: string
  /** The stack the next build uses (`heroku stack:set`); the app's stack becomes it once a build succeeds. */
  buildStack: string
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
