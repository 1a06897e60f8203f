/** How many dynos of one process type run, and how big. */
export interface FormationEntry {
  type: string
  quantity: number
  size: string
  command: string
}

export const DEFAULT_SIZE = 'Basic'
// Heroku compat: `release` is a formation entry when the slug declares it, always at quantity 0.
export const RELEASE_TYPE = 'release'

export interface FormationPlan {
  entries: FormationEntry[]
  /** `web@1:Basic` when a first deploy scaled web up, for the `Scaled to … by user` event. */
  scaled: string | null
}

/**
 * The formation after a slug goes live: one entry per process type it
 * declares, keeping existing quantities and sizes; types the slug dropped
 * disappear. The first deploy (no entries yet) scales web to 1, others to 0.
 */
export function planFormation(existing: readonly FormationEntry[], processTypes: Readonly<Record<string, string>>): FormationPlan {
  const byType = new Map(existing.map((entry) => [entry.type, entry]))
  const firstDeploy = existing.length === 0
  const entries = Object.entries(processTypes).map(([type, command]) => {
    const current = byType.get(type)
    const quantity = type === RELEASE_TYPE ? 0 : current?.quantity ?? (firstDeploy && type === 'web' ? 1 : 0)
    return { type, quantity, size: current?.size ?? DEFAULT_SIZE, command }
  })
  const web = entries.find((e) => e.type === 'web')
  return { entries, scaled: firstDeploy && web && web.quantity > 0 ? `web@${web.quantity}:${web.size}` : null }
}
