import { chmodSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A dyno process seen through /proc: its pid, when it started (clock ticks since boot), and its $PORT. */
export interface DynoProcess {
  pid: number
  startTicks: number
  port: number | null
}

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'latin1')
  } catch {
    return null
  }
}

function parentOf(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`)
  // The command name is in parentheses and may hold spaces; fields after it are plain.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')
  return fields ? Number(fields[1]) : null
}

function startTicks(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`)
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')
  return fields ? Number(fields[19]) : null
}

/** Whether this process, or one of its ancestors (its sandbox), runs from `workDir`. */
function runsFrom(pid: number, workDir: string): boolean {
  for (let current: number | null = pid, depth = 0; current !== null && current > 1 && depth < 16; current = parentOf(current), depth++) {
    if ((read(`/proc/${current}/cmdline`) ?? '').includes(workDir)) return true
    try {
      if (readlinkSync(`/proc/${current}/cwd`).startsWith(workDir)) return true
    } catch {
      // Gone, or not ours to read.
    }
  }
  return false
}

/**
 * Every live process carrying the dyno marker (`BERTH_DYNO_ID=` in its environment) whose sandbox
 * runs from `workDir`, the server's BERTH_WORK_DIR: a dyno of that server, whoever its parent is now.
 */
export function dynoProcesses(workDir: string): DynoProcess[] {
  const found: DynoProcess[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const pid = Number(name)
    const environ = read(`/proc/${pid}/environ`)
    if (!environ || !environ.split('\0').some((v) => v.startsWith('BERTH_DYNO_ID='))) continue
    if (!runsFrom(pid, workDir)) continue
    const ticks = startTicks(pid)
    if (ticks === null) continue
    const port = environ.split('\0').find((v) => v.startsWith('PORT='))
    found.push({ pid, startTicks: ticks, port: port ? Number(port.slice(5)) : null })
  }
  return found
}

/** Those of `before` that still run: the same pid, started at the same moment. */
export function stillRunning(before: readonly DynoProcess[]): DynoProcess[] {
  return before.filter((p) => startTicks(p.pid) === p.startTicks)
}

/** A BERTH_WORK_DIR of its own for one test server, so its dynos can be told from others'. */
export function privateWorkDir(): string {
  const parent = mkdtempSync(join(tmpdir(), 'berth-work-test-'))
  // Builds and dynos run as an unprivileged user, who must be able to reach the work dir.
  chmodSync(parent, 0o755)
  return join(parent, 'work')
}
