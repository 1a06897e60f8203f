import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A dyno's memory cgroup. */
export interface DynoCgroup {
  /** The `cgroup.procs` file the dyno's first process writes its own pid to. */
  procsFile: string
  /** Whether the kernel killed a process of the group for going over the limit. */
  oomKilled(): boolean
  remove(): void
}

/**
 * Memory limits through cgroups, where this machine lets Berth write them: one group per dyno
 * under `berth/`, with cgroup v2 (`memory.max`) or v1 (`memory.limit_in_bytes`). Returns null
 * when neither is writable; the scheduler then only watches memory.
 */
export class MemoryCgroups {
  private constructor(
    private readonly root: string,
    private readonly version: 1 | 2,
  ) {}

  static detect(base = '/sys/fs/cgroup'): MemoryCgroups | null {
    const candidates: [string, 1 | 2][] = [[base, 2], [join(base, 'memory'), 1]]
    for (const [dir, version] of candidates) {
      const usable = version === 2
        ? existsSync(join(dir, 'cgroup.controllers')) && readFileSync(join(dir, 'cgroup.controllers'), 'utf8').includes('memory')
        : existsSync(join(dir, 'memory.limit_in_bytes'))
      if (!usable) continue
      try {
        const root = join(dir, 'berth')
        mkdirSync(root, { recursive: true })
        if (version === 2) writeFileSync(join(dir, 'cgroup.subtree_control'), '+memory')
        return new MemoryCgroups(root, version)
      } catch {
        // Not writable here (a container, no delegation): fall through.
      }
    }
    return null
  }

  /** Removes empty groups left by an earlier run. */
  sweep(): void {
    for (const entry of readdirSync(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue
      try {
        if (readFileSync(join(this.root, entry.name, 'cgroup.procs'), 'utf8').trim() === '') rmdirSync(join(this.root, entry.name))
      } catch {
        // In use, or gone.
      }
    }
  }

  /** A group for one dyno, limited to `limitBytes`, which `user` may move itself into. */
  create(name: string, limitBytes: number, user: { uid: number; gid: number } | null): DynoCgroup | null {
    const dir = join(this.root, name)
    try {
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, this.version === 2 ? 'memory.max' : 'memory.limit_in_bytes'), String(limitBytes))
    } catch {
      return null
    }
    try {
      // Swap counts too where the kernel accounts it (v1), so a dyno cannot swap past its limit.
      if (this.version === 1) writeFileSync(join(dir, 'memory.memsw.limit_in_bytes'), String(limitBytes))
    } catch {
      // No swap accounting on this kernel.
    }
    const procsFile = join(dir, 'cgroup.procs')
    try {
      if (user) chownSync(procsFile, user.uid, user.gid)
    } catch {
      return null
    }
    const version = this.version
    return {
      procsFile,
      oomKilled() {
        try {
          const events = readFileSync(join(dir, version === 2 ? 'memory.events' : 'memory.oom_control'), 'utf8')
          const kills = /^oom_kill (\d+)$/m.exec(events)
          if (kills) return Number(kills[1]) > 0
          return version === 1 && Number(readFileSync(join(dir, 'memory.failcnt'), 'utf8')) > 0
        } catch {
          return false
        }
      },
      // The last processes of a sandbox can outlive its main one by a moment: try again shortly.
      remove() {
        const attempt = (left: number) => {
          try {
            rmdirSync(dir)
          } catch {
            if (left > 0) setTimeout(() => attempt(left - 1), 200).unref()
          }
        }
        attempt(10)
      },
    }
  }
}
