import { readdirSync, readFileSync } from 'node:fs'

export interface GroupMember {
  pid: number
  comm: string
  rssBytes: number
}

const PAGE_BYTES = 4096

/** The processes of a process group, from /proc (Linux). */
export function groupMembers(pgid: number): GroupMember[] {
  const members: GroupMember[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8')
    } catch {
      continue
    }
    // The command name is in parentheses and may contain spaces; fields after it are space-separated.
    const close = stat.lastIndexOf(')')
    const comm = stat.slice(stat.indexOf('(') + 1, close)
    const fields = stat.slice(close + 2).split(' ')
    if (Number(fields[2]) !== pgid) continue
    members.push({ pid: Number(name), comm, rssBytes: Number(fields[21]) * PAGE_BYTES })
  }
  return members
}

/** Resident memory per process group, from one pass over /proc; bubblewrap's processes are not counted. */
export function rssByGroup(): Map<number, number> {
  const totals = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      if (stat.slice(stat.indexOf('(') + 1, close) === 'bwrap') continue
      const fields = stat.slice(close + 2).split(' ')
      const pgid = Number(fields[2])
      totals.set(pgid, (totals.get(pgid) ?? 0) + Number(fields[21]) * PAGE_BYTES)
    } catch {
      // Exited meanwhile.
    }
  }
  return totals
}

/**
 * Sends a signal to a sandboxed process group. SIGTERM skips bubblewrap's own
 * processes: they would die at once and take the sandbox down with SIGKILL,
 * denying the app its graceful shutdown. SIGKILL goes to the whole group.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  if (signal === 'SIGKILL') {
    try {
      process.kill(-pgid, 'SIGKILL')
    } catch {
      // Already gone.
    }
    return
  }
  for (const member of groupMembers(pgid)) {
    if (member.comm === 'bwrap') continue
    try {
      process.kill(member.pid, signal)
    } catch {
      // Exited meanwhile.
    }
  }
}
