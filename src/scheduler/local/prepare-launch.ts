import { checkSpawnSpec } from '../../sandbox/check-spawn-spec.js'
import type { NetworkFence } from '../../sandbox/network-fence.js'
import type { SpawnSpec } from '../../sandbox/plan-sandbox.js'
import type { RuntimeDirs } from '../../sandbox/runtime-mounts.js'
import { memoryQuotaBytes, processLimit, R15_MESSAGE } from '../plan-dyno-env.js'
import type { DynoSpec } from '../scheduler.js'
import type { DynoCgroups } from './dyno-cgroups.js'
import { planDynoSpawn } from './plan-dyno-spawn.js'
import type { SlugFiles } from './slug-files.js'

export interface LaunchOptions {
  bwrap: string | null
  user: { uid: number; gid: number } | null
  slugs: Pick<SlugFiles, 'ensure'>
  /** Kernel-enforced memory and process limits, when available. */
  cgroups?: DynoCgroups | null
  /** Gives each dyno a network of its own; without it dynos share the host's network. */
  network?: Pick<NetworkFence, 'open'> | null
  /** Runtimes read-only in every dyno: the operator's, and the store's, filled with what the slug needs first. */
  runtimes?: DynoRuntimes | null
}

export interface DynoRuntimes {
  dirs: RuntimeDirs
  /** Puts runtimes (`node@18.20.8`) in the store, downloading what this machine lacks. */
  ensureAll(refs: readonly string[]): Promise<void>
}

/** What a dyno's process needs before it starts (slug, network, cgroups), and how to give it back. */
export interface Launch {
  plan: SpawnSpec
  /** Where the dyno listens: its own address, or 127.0.0.1 on the host's network. */
  host: string
  /** The machine it runs on, when dynos span several (a Swarm node's hostname). */
  node?: string
  /** Set when the process found is already running (a container adopted after a restart of Berth): where it listens. */
  adopted?: { port: number | null }
  /** Why its process ended, when something other than the process can tell (its cgroup, a container's engine: R15); asked before its release. */
  exitReason?(): Promise<string | null>
  /** Its resident memory, where its processes are not the spawned process's group (a container's); null when unknown. */
  memoryBytes?(): number | null
  /** Runs once its process is spawned (a container's add-on grants are made then); a failure ends the dyno. */
  started?(): Promise<void>
  /** Kills what is left in its cgroups, removes them, and removes its network. */
  release(): Promise<void>
}

/** In every dyno's environment as BERTH_DYNO_ID: which release and dyno a leftover process belongs to. */
export const dynoMarker = (spec: DynoSpec, dynoId: string) => `${spec.releaseId}:${spec.name}:${dynoId}`

/** The slug unpacked (and checked), the dyno's network and cgroups made, and its spawn planned and checked. */
export async function prepareLaunch(options: LaunchOptions, spec: DynoSpec, dynoId: string, port: number | null): Promise<Launch> {
  const { bwrap, user, network, cgroups } = options
  const slugDir = await options.slugs.ensure(spec.slugId, spec.slugChecksum)
  if (spec.runtimes?.length) await options.runtimes?.ensureAll(spec.runtimes)
  const net = network ? await network.open(spec.grants ?? []) : null
  // Fenced, the cgroups are joined as root before nsenter; otherwise as the dyno user itself.
  const limits = { memoryBytes: 2 * memoryQuotaBytes(spec.size), processes: processLimit(spec.size) }
  const cgroup = cgroups?.create(`${dynoId}-${Date.now()}`, limits, net ? null : user) ?? null
  const release = async () => {
    cgroup?.kill()
    cgroup?.remove()
    await net?.close()
  }
  try {
    const marker = dynoMarker(spec, dynoId)
    const plan = planDynoSpawn({ spec, slugDir, port, bwrap, user, runtimes: options.runtimes?.dirs, network: net ?? undefined, cgroupProcs: cgroup?.procsFiles ?? [], marker })
    checkSpawnSpec(plan)
    return { plan, host: net?.address ?? '127.0.0.1', release, exitReason: async () => (cgroup?.oomKilled() ? R15_MESSAGE : null) }
  } catch (error) {
    await release()
    throw error
  }
}
