import type { FormationEntry } from './plan-formation.js'

/** How many dynos of one process type an app runs, and their size. */
export interface Formation extends FormationEntry {
  id: string
  appId: string
  createdAt: Date
  updatedAt: Date
}
