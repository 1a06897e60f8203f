import type { Slug } from '../slugs/slug.js'
import { effectiveConfigVars, type Release } from './release.js'

export interface KeyChanges {
  added: string[]
  removed: string[]
  changed: string[]
}

/** What changes when `to` replaces `from` (either may be the older one). */
export interface ReleaseDiff {
  from: Release
  to: Release
  /** Effective config vars (add-on vars included), by key. */
  config: KeyChanges
  /** Attached plans, as a multiset: two databases on one plan count twice. */
  addons: { added: string[]; removed: string[] }
  processTypes: KeyChanges
  commits: { from: string | null; to: string | null }
  /**
   * The releases the change spans, oldest first: after the older of the two up
   * to and including the newer. Going back (a rollback), these are what it undoes.
   */
  between: Release[]
}

export type SlugFacts = Pick<Slug, 'commit' | 'processTypes'>

function diffKeys(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): KeyChanges {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  return {
    added: keys.filter((k) => !Object.hasOwn(before, k)),
    removed: keys.filter((k) => !Object.hasOwn(after, k)),
    changed: keys.filter((k) => Object.hasOwn(before, k) && Object.hasOwn(after, k) && before[k] !== after[k]),
  }
}

function minus(items: readonly string[], remove: readonly string[]): string[] {
  const rest = [...items]
  for (const item of remove) {
    const index = rest.indexOf(item)
    if (index >= 0) rest.splice(index, 1)
  }
  return rest
}

export function diffReleases(input: { from: Release; to: Release; fromSlug: SlugFacts | null; toSlug: SlugFacts | null; between: Release[] }): ReleaseDiff {
  const { from, to } = input
  return {
    from,
    to,
    config: diffKeys(effectiveConfigVars(from), effectiveConfigVars(to)),
    addons: { added: minus(to.addonPlanNames, from.addonPlanNames), removed: minus(from.addonPlanNames, to.addonPlanNames) },
    processTypes: diffKeys(input.fromSlug?.processTypes ?? {}, input.toSlug?.processTypes ?? {}),
    commits: { from: input.fromSlug?.commit ?? null, to: input.toSlug?.commit ?? null },
    between: [...input.between].sort((a, b) => a.version - b.version),
  }
}
