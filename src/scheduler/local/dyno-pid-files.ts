import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { signalGroup } from '../../sandbox/signal-group.js'

/**
 * `<dir>/<dyno id>.pid` for each running dyno: its process group and the marker in its
 * environment. Where neither cgroups nor network namespaces hold a dyno's processes, these let a
 * server killed with SIGKILL find its dynos at the next start.
 */
export class DynoPidFiles {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
  }

  record(dynoId: string, pid: number, marker: string): void {
    writeFileSync(join(this.dir, `${dynoId}.pid`), `${pid}\n${marker}\n`)
  }

  remove(dynoId: string): void {
    rmSync(join(this.dir, `${dynoId}.pid`), { force: true })
  }

  /** Kills the process group of every recorded dyno whose leader still carries its marker (the pid was not reused). */
  reap(): void {
    for (const file of readdirSync(this.dir)) {
      const [pid, marker] = readFileSync(join(this.dir, file), 'utf8').split('\n')
      try {
        if (pid && marker && readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`BERTH_DYNO_ID=${marker}`)) signalGroup(Number(pid), 'SIGKILL')
      } catch {
        // Already gone.
      }
      rmSync(join(this.dir, file), { force: true })
    }
  }
}
