import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface SandboxChoice {
  bwrap: string | null
  user: { uid: number; gid: number } | null
  warning: string | null
}

// nobody/nogroup: builds and dynos run unprivileged when Berth itself is root.
const UNPRIVILEGED = { uid: 65534, gid: 65534 }

/** Finds bubblewrap and checks that it can make a sandbox here (user namespaces may be off). */
export function findSandbox(mode: 'auto' | 'bwrap' | 'none'): SandboxChoice {
  const user = process.getuid?.() === 0 ? UNPRIVILEGED : null
  if (mode === 'none') return { bwrap: null, user, warning: 'BERTH_SANDBOX=none: builds run without a sandbox.' }
  const bwrap = (process.env.PATH ?? '/usr/bin:/bin').split(':').map((dir) => join(dir, 'bwrap')).find((path) => existsSync(path)) ?? null
  const probe = bwrap === null ? null : spawnSync(bwrap, ['--ro-bind', '/', '/', '--unshare-pid', 'true'], { uid: user?.uid, gid: user?.gid, stdio: 'pipe' })
  if (bwrap !== null && probe?.status === 0) return { bwrap, user, warning: null }
  const why = bwrap === null ? 'bubblewrap (bwrap) is not installed' : `bwrap cannot create a sandbox here: ${probe?.stderr.toString().trim()}`
  if (mode === 'bwrap') throw new Error(`BERTH_SANDBOX=bwrap, but ${why}.`)
  return { bwrap: null, user, warning: `${why}; builds run without a sandbox. Install bubblewrap (apt-get install bubblewrap).` }
}
