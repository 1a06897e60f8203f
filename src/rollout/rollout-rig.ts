import type { App } from '../core/apps/app.js'
import type { FormationEntry } from '../core/formation/plan-formation.js'
import type { Release } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { LogLine } from '../logs/log-sink.js'
import type { Endpoint } from '../router/route-source.js'
import { FakeScheduler } from '../scheduler/fake/fake-scheduler.js'
import type { FakeProgramOf } from '../scheduler/fake/fake-program.js'
import type { Store } from '../store/store.js'
import { Fleet } from './fleet.js'
import { GoLive } from './go-live.js'
import { RolloutQueue } from './rollout-queue.js'
import { RouteTable } from './route-table.js'
import { SchedulerRuntime } from './scheduler-runtime.js'

/** Every store method the rollout's parts read, together. */
type RolloutStore = Pick<Store, 'findApp' | 'listDomains' | 'getSlug' | 'listFormation' | 'replaceFormation' | 'finishRelease' | 'listAllApps' | 'getRelease' | 'listPendingReleases'>

export const RIG_TIMEOUTS = { bootTimeoutMs: 200, stopTimeoutMs: 200 }

/** One app (`demo`, id `a1`) in memory: its releases, slugs and formation. */
export class MemoryRolloutStore implements RolloutStore {
  readonly app: App = {
    id: 'a1', name: 'demo', ownerId: 'u1', ownerEmail: 'u@example.com', maintenance: false, stack: 'berth-24', region: 'us', currentReleaseId: null,
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

export interface RigOptions {
  /** A store another rig used: this one starts as a restarted server would. */
  store?: MemoryRolloutStore
  program?: FakeProgramOf
  /** The router's drain (default: nothing in flight). */
  drain?: (endpoints: readonly Endpoint[], timeoutMs: number) => Promise<void>
}

/** The rollout's parts wired as `server.ts` wires them, on a FakeScheduler and a store in memory, for fast tests. */
export function openRig(options: RigOptions = {}) {
  const store = options.store ?? new MemoryRolloutStore()
  const lines: LogLine[] = []
  const logs = { write: (line: LogLine) => lines.push(line) }
  const errors: string[] = []
  const onError = (_error: unknown, what: string) => { errors.push(what) }
  const releaseOutput = new Map<string, string[]>()
  const scheduler = new FakeScheduler({ logs, program: options.program, ...RIG_TIMEOUTS, onError })
  const routes = new RouteTable({ store, scheduler, domain: 'localhost' })
  const fleet = new Fleet()
  const drains: { endpoints: readonly Endpoint[]; timeoutMs: number }[] = []
  const drainer = {
    drain: (endpoints: readonly Endpoint[], timeoutMs: number) => {
      drains.push({ endpoints, timeoutMs })
      return options.drain?.(endpoints, timeoutMs) ?? Promise.resolve()
    },
  }
  const output = {
    append: (releaseId: string, line: string) => { releaseOutput.set(releaseId, [...releaseOutput.get(releaseId) ?? [], line]) },
    finish: async () => undefined,
  }
  const goLive = new GoLive({ store, scheduler, routes, fleet, drainer, logs, releaseOutput: output, stopTimeoutMs: RIG_TIMEOUTS.stopTimeoutMs, releasePhaseTimeoutMs: 1000, onError })
  const rollout = new RolloutQueue({ goLive: (release) => goLive.release(release), store, logs, onError })
  const runtime = new SchedulerRuntime({ store, scheduler, routes, fleet, goLive, rollout, logs, onError })
  /** The release versions the app's route sends requests to now. */
  const servingVersions = () => {
    const ports = routes.lookup('demo.localhost')?.backends.map((b) => b.port) ?? []
    return [...new Set(scheduler.list('a1').filter((d) => d.port !== null && ports.includes(d.port)).map((d) => d.releaseVersion))]
  }
  /** The app's dynos of one release, by their state. */
  const dynosOf = (version: number) => scheduler.list('a1').filter((d) => d.releaseVersion === version && d.type !== 'release')
  const messages = () => lines.map((l) => `${l.process} v${l.releaseVersion}: ${l.message}`)
  return { store, scheduler, routes, fleet, goLive, rollout, runtime, lines, messages, errors, drains, releaseOutput, servingVersions, dynosOf, close: () => scheduler.shutdown() }
}
