import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { LogSink } from '../../logs/log-sink.js'
import { runCommand } from '../../sandbox/run-command.js'
import { memoryQuotaBytes, R15_MESSAGE } from '../plan-dyno-env.js'
import type { Dyno, DynoSpec, Scheduler, TaskIo, TaskResult } from '../scheduler.js'
import { DynoPidFiles } from './dyno-pid-files.js'
import type { DynoPorts } from './dyno-ports.js'
import { DynoProcess } from './dyno-process.js'
import { memoryVerdict, watchMemory } from './memory-watch.js'
import { prepareLaunch, type Launch, type LaunchOptions } from './prepare-launch.js'
import type { SlugFiles } from './slug-files.js'

export interface LocalSchedulerOptions extends LaunchOptions {
  /** Holds `dynos/<id>.pid`, so dynos left by a killed server can be reaped at the next start. */
  runDir: string
  /** Where web dynos' `$PORT`s come from. */
  ports: DynoPorts
  slugs: Pick<SlugFiles, 'ensure'> & Partial<Pick<SlugFiles, 'sweep'>>
  logs: LogSink
  bootTimeoutMs: number
  stopTimeoutMs: number
  /** One step of Heroku's crash cool-off (20 minutes in production). */
  cooloffUnitMs: number
  /** A dyno up this long has recovered: its crash count starts over. */
  stableAfterMs: number
  /** How often to check memory against the dyno size (0: never). */
  memoryCheckMs: number
  /** Where failures of work nobody waits for go (the server's log). */
  onError: (error: unknown, what: string) => void
  /**
   * Prepares each dyno's process; by default a sandbox on this machine (a container on Docker, with
   * ContainerDynos; a Swarm service, with SwarmDynos). `task` is set for one-off and release dynos.
   */
  launcher?: (spec: DynoSpec, dynoId: string, port: number | null, task?: boolean) => Promise<Launch>
}

const key = (spec: Pick<DynoSpec, 'releaseId' | 'name' | 'generation'>) => `${spec.releaseId}:${spec.generation ?? 0}:${spec.name}`
const SLUG_SWEEP_MS = 60_000
const SLUG_IDLE_MS = 10 * 60_000

/** Dynos as sandboxed process groups on this machine, each in its own network and cgroups where the machine allows. */
export class LocalScheduler implements Scheduler {
  readonly #running = new Map<string, DynoProcess>()
  /** One-off and release-phase dynos while they run. */
  readonly #tasks = new Map<string, { dyno: Dyno; slugId: string }>()
  readonly #listeners = new Set<(dyno: Dyno) => void>()
  readonly #pidFiles: DynoPidFiles
  readonly #stopWatchingMemory: () => void
  readonly #slugSweep: NodeJS.Timeout

  constructor(private readonly options: LocalSchedulerOptions) {
    this.#pidFiles = new DynoPidFiles(join(options.runDir, 'dynos'))
    this.#pidFiles.reap()
    options.cgroups?.sweep()
    this.#stopWatchingMemory = watchMemory(options.memoryCheckMs, (usage) => this.#checkMemory(usage))
    this.#slugSweep = setInterval(() => this.#sweepSlugs().catch((error: unknown) => options.onError(error, 'could not sweep unpacked slugs')), SLUG_SWEEP_MS)
    this.#slugSweep.unref()
  }

  async apply(appId: string, specs: readonly DynoSpec[]): Promise<Dyno[]> {
    const wanted = new Map(specs.map((spec) => [key(spec), spec]))
    const current = [...this.#running.values()].filter((d) => d.spec.appId === appId && d.wanted)
    for (const dyno of current) {
      if (wanted.has(key(dyno.spec))) continue
      dyno.wanted = false
      dyno.terminate().then(() => this.#running.delete(dyno.dyno.id))
        .catch((error: unknown) => this.options.onError(error, `could not stop dyno ${dyno.dyno.name} of app ${appId}`))
    }
    const result: Dyno[] = []
    for (const spec of specs) {
      let dyno = current.find((c) => key(c.spec) === key(spec))
      if (!dyno) {
        dyno = this.#create(spec)
        await dyno.start()
      }
      result.push({ ...dyno.dyno })
    }
    return result
  }

  list(appId?: string): Dyno[] {
    const dynos = [...[...this.#running.values()].map((d) => d.dyno), ...[...this.#tasks.values()].map((t) => t.dyno)]
    return dynos.filter((dyno) => appId === undefined || dyno.appId === appId).map((dyno) => ({ ...dyno }))
  }

  waitUntilUp(dynoId: string): Promise<void> {
    return this.#running.get(dynoId)?.waitUntilUp() ?? Promise.reject(new Error('the dyno is gone'))
  }

  async restart(appId: string, match: (dyno: Dyno) => boolean = () => true): Promise<void> {
    const targets = [...this.#running.values()].filter((d) => d.spec.appId === appId && d.wanted && match(d.dyno))
    await Promise.all(targets.map((d) => d.restart()))
  }

  stop(appId: string, match: (dyno: Dyno) => boolean): Promise<void> {
    // Heroku compat: a stopped dyno of a scaled process type is started again by the dyno manager.
    return this.restart(appId, match)
  }

  async runTask(spec: DynoSpec, options: { onLine?: (line: string) => void; timeoutMs: number; io?: TaskIo }): Promise<TaskResult> {
    const log = (source: 'app' | 'heroku', message: string) =>
      this.options.logs.write({ appId: spec.appId, source, process: spec.name, message, releaseVersion: spec.releaseVersion })
    const now = new Date()
    const task: Dyno = {
      id: randomUUID(), appId: spec.appId, name: spec.name, type: spec.type, releaseId: spec.releaseId, releaseVersion: spec.releaseVersion,
      generation: 0, command: spec.command, size: spec.size, state: 'up', host: '127.0.0.1', port: null, createdAt: now, updatedAt: now,
    }
    const launch = await this.#launch(spec, task.id, null, true)
    log('heroku', `Starting process with command \`${spec.command}\``)
    log('heroku', 'State changed from starting to up')
    this.#tasks.set(task.id, { dyno: task, slugId: spec.slugId })
    try {
      const running = runCommand(launch.plan, {
        timeoutMs: options.timeoutMs,
        io: options.io,
        onLine: (line) => {
          log('app', line)
          options.onLine?.(line)
        },
      })
      // Its process waits for this (see ContainerDynos); a failure is logged and the process gives up.
      launch.started?.().catch((error: Error) => log('heroku', `The dyno could not start: ${error.message}`))
      const result = await running
      const reason = await launch.exitReason?.().catch(() => null)
      if (reason) log('heroku', reason)
      log('heroku', `Process exited with status ${result.code}`)
      log('heroku', 'State changed from up to complete')
      return { exitCode: result.timedOut ? 137 : result.code, timedOut: result.timedOut }
    } finally {
      this.#tasks.delete(task.id)
      await launch.release()
    }
  }

  onChange(listener: (dyno: Dyno) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async shutdown(): Promise<void> {
    this.#stopWatchingMemory()
    clearInterval(this.#slugSweep)
    await Promise.all([...this.#running.values()].map(async (dyno) => {
      dyno.wanted = false
      await dyno.terminate()
    }))
    this.#running.clear()
  }

  #create(spec: DynoSpec): DynoProcess {
    const { ports, logs, bootTimeoutMs, stopTimeoutMs, cooloffUnitMs, stableAfterMs, onError } = this.options
    const dyno = new DynoProcess(spec, {
      launch: (s, id, port) => this.#launch(s, id, port), pidFiles: this.#pidFiles,
      ports, logs, bootTimeoutMs, stopTimeoutMs, cooloffUnitMs, stableAfterMs, onError,
      changed: (state) => this.#listeners.forEach((listener) => listener(state)),
    })
    this.#running.set(dyno.dyno.id, dyno)
    return dyno
  }

  #launch(spec: DynoSpec, dynoId: string, port: number | null, task = false): Promise<Launch> {
    return this.options.launcher ? this.options.launcher(spec, dynoId, port, task) : prepareLaunch(this.options, spec, dynoId, port)
  }

  #checkMemory(usage: ReadonlyMap<number, number>): void {
    for (const dyno of this.#running.values()) {
      const rss = dyno.memoryBytes(usage)
      if (rss === undefined) continue
      const quota = memoryQuotaBytes(dyno.spec.size)
      const verdict = memoryVerdict(rss, quota)
      if (verdict === 'ok') continue
      dyno.log('heroku', `Process running mem=${Math.round(rss / 1024 / 1024)}M(${((rss / quota) * 100).toFixed(1)}%)`)
      if (verdict === 'R14') dyno.log('heroku', 'Error R14 (Memory quota exceeded)')
      else dyno.kill(R15_MESSAGE)
    }
  }

  async #sweepSlugs(): Promise<void> {
    const inUse = new Set([...[...this.#running.values()].map((d) => d.spec.slugId), ...[...this.#tasks.values()].map((t) => t.slugId)])
    await this.options.slugs.sweep?.(inUse, SLUG_IDLE_MS)
  }
}
