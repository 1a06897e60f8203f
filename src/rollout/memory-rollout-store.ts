import type { App } from '../core/apps/app.js'
import type { FormationEntry } from '../core/formation/plan-formation.js'
import type { Release } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { RolloutStore } from './rollout-store.js'

/**
 * One app (`demo`, id `a1`) in memory: its releases, slugs and formation, for the rollout's fast
 * tests. It passes the RolloutStore contract the real store passes (rollout-store.contract.ts).
 */
export class MemoryRolloutStore implements RolloutStore {
  readonly app: App = {
    id: 'a1', name: 'demo', ownerId: 'u1', ownerEmail: 'u@example.com', maintenance: false, acm: false, stack: 'berth-24', buildStack: 'berth-24', region: 'us', currentReleaseId: null,
    buildpacks: [], createdAt: new Date(), updatedAt: new Date(), releasedAt: null,
  }
  releases: Release[] = []
  slugs: Slug[] = []
  formation: FormationEntry[] = []

  /** Appends a pending release; with process types, on a new slug that declares them. */
  append(processTypes: Record<string, string> | null, configVars: Record<string, string> = {}): Release {
    const version = this.releases.length + 1
    const slug = processTypes ? { id: `slug-${version}`, appId: 'a1', processTypes, commit: null, checksum: null, deletedAt: null } as Slug : null
    if (slug) this.slugs.push(slug)
    const release = {
      id: `rel-${version}`, appId: 'a1', version, description: `Deploy v${version}`, status: 'pending', current: false, slugId: slug?.id ?? null,
      configVars, addonConfigVars: {}, addonPlanNames: [], actor: { id: 'u1', email: 'u@example.com' }, hasReleasePhase: Boolean(processTypes?.release),
      createdAt: new Date(), updatedAt: new Date(),
    } satisfies Release
    this.releases.push(release)
    return { ...release }
  }

  async findApp(id: string) { return id === this.app.id ? { ...this.app } : null }
  async listDomains() { return [] }
  async getSlug(_appId: string, slugId: string) { return this.slugs.find((slug) => slug.id === slugId) ?? null }
  async listFormation(appId: string) { return this.formation.map((entry) => ({ ...entry, id: entry.type, appId, createdAt: new Date(), updatedAt: new Date() })) }
  async replaceFormation(appId: string, entries: readonly FormationEntry[]) {
    this.formation = entries.map((entry) => ({ ...entry }))
    return this.listFormation(appId)
  }
  async listAllApps() { return [{ ...this.app }] }
  async getRelease(_appId: string, ref: { kind: string; id?: string }) { return this.releases.find((r) => r.id === ref.id) ?? null }
  async listPendingReleases() { return this.releases.filter((r) => r.status === 'pending') }

  async finishRelease(releaseId: string, status: 'succeeded' | 'failed', options: { current?: boolean } = {}) {
    const release = this.releases.find((r) => r.id === releaseId)!
    release.status = status
    const current = this.releases.find((r) => r.current)
    if (status === 'succeeded' && options.current !== false && (!current || current.version < release.version)) {
      if (current) current.current = false
      release.current = true
      this.app.currentReleaseId = release.id
    }
    return { ...release }
  }
}
