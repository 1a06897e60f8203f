import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The kernel's limits for one dyno: memory (Heroku's R15 point) and processes (fork bombs). */
export interface DynoLimits {
  memoryBytes: number
  processes: number
}

/** One dyno's cgroups (one per controller on cgroup v1, one in all on v2). */
export interface DynoCgroup {
  /** The `cgroup.procs` files the dyno's first process writes its own pid to, before anything else. */
  procsFiles: string[]
  /** Whether the kernel killed a process of the group for going over its memory limit. */
  oomKilled(): boolean
  /** Kills every process still in the group (a dyno's leftovers, however they escaped its process group). */
  kill(): void
  remove(): void
}

type Controller = 'memory' | 'pids'

const FOREIGN_GROUP_GRACE_MS = 60_000

interface Hierarchy {
  /** Where Berth's groups live: `<mount>/berth`. */
  root: string
  controllers: Controller[]
  version: 1 | 2
}

/**
 * Memory and process limits through cgroups, where this machine lets Berth write them: a group per
 * dyno under `berth/`, on cgroup v2 (`memory.max`, `pids.max`) or v1 (one hierarchy per controller).
 * Groups are named after the server (`tag`), so a server reaps only its own after a crash.
 */
export class DynoCgroups {
  private constructor(
    private readonly hierarchies: Hierarchy[],
    private readonly tag: string,
  ) {}

  /** What this machine allows, or null when no controller is writable. */
  static detect(tag: string, base = '/sys/fs/cgroup'): DynoCgroups | null {
    const v2 = unifiedHierarchy(base)
    const hierarchies = v2 ? [v2] : (['memory', 'pids'] as const).flatMap((controller) => legacyHierarchy(base, controller))
    return hierarchies.length > 0 ? new DynoCgroups(hierarchies, tag) : null
  }

  /** Which limits the kernel enforces here. */
  get controllers(): Controller[] {
    return this.hierarchies.flatMap((h) => h.controllers)
  }

  /**
   * Kills what a killed server of this tag left in its groups and removes them; also removes
   * other servers' groups that have stood empty for a while (a group being set up is never old).
   */
  sweep(): void {
    for (const { root } of this.hierarchies) {
      for (const entry of readdirSync(root, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue
        const dir = join(root, entry.name)
        if (entry.name.startsWith(`${this.tag}-`)) killAll(dir)
        else if (!olderThan(dir, FOREIGN_GROUP_GRACE_MS)) continue
        removeWhenEmpty(dir, 0)
      }
    }
  }

  /** A group for one dyno with its limits, which `user` may move itself into. */
  create(name: string, limits: DynoLimits, user: { uid: number; gid: number } | null): DynoCgroup | null {
    const dirs: { dir: string; hierarchy: Hierarchy }[] = []
    try {
      for (const hierarchy of this.hierarchies) {
        const dir = join(hierarchy.root, `${this.tag}-${name}`)
        mkdirSync(dir, { recursive: true })
        dirs.push({ dir, hierarchy })
        for (const controller of hierarchy.controllers) writeLimit(dir, hierarchy.version, controller, limits)
        if (user) chownSync(join(dir, 'cgroup.procs'), user.uid, user.gid)
      }
    } catch {
      for (const { dir } of dirs) removeWhenEmpty(dir, 0)
      return null
    }
    const memory = dirs.find((d) => d.hierarchy.controllers.includes('memory'))
    return {
      procsFiles: dirs.map(({ dir }) => join(dir, 'cgroup.procs')),
      oomKilled: () => (memory ? oomKilled(memory.dir, memory.hierarchy.version) : false),
      kill: () => dirs.forEach(({ dir }) => killAll(dir)),
      // The last processes of a sandbox can outlive its main one by a moment: try again shortly.
      remove: () => dirs.forEach(({ dir }) => removeWhenEmpty(dir, 10)),
    }
  }
}

function unifiedHierarchy(base: string): Hierarchy | null {
  const listed = join(base, 'cgroup.controllers')
  if (!existsSync(listed)) return null
  const available = readFileSync(listed, 'utf8').split(/\s+/)
  const controllers = (['memory', 'pids'] as const).filter((c) => available.includes(c))
  if (controllers.length === 0) return null
  try {
    const root = join(base, 'berth')
    mkdirSync(root, { recursive: true })
    writeFileSync(join(base, 'cgroup.subtree_control'), controllers.map((c) => `+${c}`).join(' '))
    writeFileSync(join(root, 'cgroup.subtree_control'), controllers.map((c) => `+${c}`).join(' '))
    return { root, controllers, version: 2 }
  } catch {
    // Not writable here (a container without delegation).
    return null
  }
}

function legacyHierarchy(base: string, controller: Controller): Hierarchy[] {
  const mount = join(base, controller)
  if (!existsSync(join(mount, controller === 'memory' ? 'memory.limit_in_bytes' : 'cgroup.procs'))) return []
  try {
    const root = join(mount, 'berth')
    mkdirSync(root, { recursive: true })
    return [{ root, controllers: [controller], version: 1 }]
  } catch {
    return []
  }
}

function writeLimit(dir: string, version: 1 | 2, controller: Controller, limits: DynoLimits): void {
  if (controller === 'pids') return writeFileSync(join(dir, 'pids.max'), String(limits.processes))
  writeFileSync(join(dir, version === 2 ? 'memory.max' : 'memory.limit_in_bytes'), String(limits.memoryBytes))
  if (version === 2) return
  try {
    // Swap counts too where the kernel accounts it (v1), so a dyno cannot swap past its limit.
    writeFileSync(join(dir, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes))
  } catch {
    // No swap accounting on this kernel.
  }
}

function oomKilled(dir: string, version: 1 | 2): boolean {
  try {
    const events = readFileSync(join(dir, version === 2 ? 'memory.events' : 'memory.oom_control'), 'utf8')
    const kills = /^oom_kill (\d+)$/m.exec(events)
    if (kills) return Number(kills[1]) > 0
    return version === 1 && Number(readFileSync(join(dir, 'memory.failcnt'), 'utf8')) > 0
  } catch {
    return false
  }
}

function killAll(dir: string): void {
  // Kill until the group is empty: a process may fork while its siblings are being killed.
  for (let round = 0; round < 20; round++) {
    let pids: string[]
    try {
      pids = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)
    } catch {
      return
    }
    if (pids.length === 0) return
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL')
      } catch {
        // Exited meanwhile.
      }
    }
  }
}

/** Whether a group was made more than `ms` ago; a group another server just removed is not. */
function olderThan(dir: string, ms: number): boolean {
  try {
    return Date.now() - statSync(dir).ctimeMs > ms
  } catch {
    return false
  }
}

function removeWhenEmpty(dir: string, retries: number): void {
  try {
    rmdirSync(dir)
  } catch {
    if (retries > 0) setTimeout(() => removeWhenEmpty(dir, retries - 1), 200).unref()
  }
}
