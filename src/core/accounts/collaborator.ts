import type { Account } from './account.js'

/** An account's access to an app: its owner's, or a collaborator's. */
export interface Collaborator {
  id: string
  appId: string
  account: Account
  role: 'owner' | 'collaborator'
  createdAt: Date
  updatedAt: Date
}
