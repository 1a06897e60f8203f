import type { LogSink } from '../../logs/log-sink.js'
import { planDynoEnv } from '../plan-dyno-env.js'
import type { Dyno, DynoSpec, Scheduler, TaskIo, TaskResult } from '../scheduler.js'
import { dynoOf, FakeDyno, type FakeDynoContext } from './fake-dyno.js'
import type { FakeProgramOf } from './fake-program.js'

export interface FakeSchedulerOptions {
  logs?: LogSink
  /** What each dyno does (default: a well-behaved app). */
  program?: FakeProgramOf
  bootTimeoutMs?: number
  stopTimeoutMs?: number
  /** One step of Heroku's crash cool-off. */
  cooloffUnitMs?: number
  /** A dyno up this long has recovered: its crash count starts over (default: one cool-off step). */
  stableAfterMs?: number
  /** Where failures of work nobody waits for go (default: thrown, so that a test sees them). */
  onError?: (error: unknown, what: string) => void
}

const key = (spec: DynoSpec) => `${spec.releaseId}:${spec.generation ?? 0}:${spec.name}`

/**
 * A Scheduler without processes, for fast tests: each dyno does what its `FakeProgram` says (bind
 * late or never, crash at boot, linger after SIGTERM) with LocalScheduler's states, restarts and
 * log lines. It passes the Scheduler contract. `crash` crashes a running dyno on cue, and
 * `inspect` shows what its process sees.
 */
export class FakeScheduler implements Scheduler {
  readonly #dynos = new Map<string, FakeDyno>()
  readonly #tasks = new Map<string, Dyno>()
  readonly #listeners = new Set<(dyno: Dyno) => void>()
  readonly #context: FakeDynoContext
  #ids = 0

  constructor(private readonly options: FakeSchedulerOptions = {}) {
    let port = 30_000
    const cooloffUnitMs = options.cooloffUnitMs ?? 60_000
    this.#context = {
      program: (spec, env) => options.program?.(spec, env) ?? {},
      nextPort: () => port++,
      log: (spec, source, message) => options.logs?.write({ appId: spec.appId, source, process: spec.name, message, releaseVersion: spec.releaseVersion }),
      changed: (dyno) => { for (const listener of this.#listeners) listener(dyno) },
      bootTimeoutMs: options.bootTimeoutMs ?? 1000,
      stopTimeoutMs: options.stopTimeoutMs ?? 1000,
      cooloffUnitMs,
      stableAfterMs: options.stableAfterMs ?? cooloffUnitMs,
    }
  }

  async apply(appId: string, specs: readonly DynoSpec[]): Promise<Dyno[]> {
    const wanted = new Set(specs.map(key))
    const current = [...this.#dynos.values()].filter((d) => d.spec.appId === appId && d.wanted)
    for (const d of current.filter((c) => !wanted.has(key(c.spec)))) {
      d.wanted = false
      d.terminate().then(() => this.#dynos.delete(d.dyno.id)).catch((error: unknown) => this.#onError(error, `could not stop ${d.dyno.name}`))
    }
    const result: Dyno[] = []
    for (const spec of specs) {
      const d = current.find((c) => key(c.spec) === key(spec)) ?? this.#create(spec).start()
      result.push({ ...d.dyno })
    }
    return result
  }

  list(appId?: string): Dyno[] {
    return [...[...this.#dynos.values()].map((d) => d.dyno), ...this.#tasks.values()]
      .filter((dyno) => appId === undefined || dyno.appId === appId).map((dyno) => ({ ...dyno }))
  }

  waitUntilUp(dynoId: string): Promise<void> {
    return this.#dynos.get(dynoId)?.waitUntilUp() ?? Promise.reject(new Error('the dyno is gone'))
  }

  async restart(appId: string, match: (dyno: Dyno) => boolean = () => true): Promise<void> {
    const targets = [...this.#dynos.values()].filter((d) => d.spec.appId === appId && d.wanted && match(d.dyno))
    await Promise.all(targets.map(async (d) => {
      this.#context.log(d.spec, 'heroku', 'Restarting')
      await d.terminate()
      d.crashes = 0
      if (d.wanted) d.start()
    }))
  }

  stop(appId: string, match: (dyno: Dyno) => boolean): Promise<void> {
    // Heroku compat: a stopped dyno of a scaled process type is started again.
    return this.restart(appId, match)
  }

  async runTask(spec: DynoSpec, options: { onLine?: (line: string) => void; timeoutMs: number; io?: TaskIo }): Promise<TaskResult> {
    const { log } = this.#context
    const program = this.#context.program(spec, planDynoEnv(spec, null))
    const task = { ...dynoOf(spec, this.#nextId(), 'up'), generation: 0 }
    log(spec, 'heroku', `Starting process with command \`${spec.command}\``)
    log(spec, 'heroku', 'State changed from starting to up')
    this.#tasks.set(task.id, task)
    try {
      for (const line of program.lines ?? []) {
        if (options.io) {
          options.io.output.write(`${line}\n`)
          continue
        }
        log(spec, 'app', line)
        options.onLine?.(line)
      }
      const runMs = program.runMs ?? 0
      await new Promise((resolve) => setTimeout(resolve, Math.min(runMs, options.timeoutMs)))
      const timedOut = runMs > options.timeoutMs
      const exitCode = timedOut ? 137 : program.exitCode ?? 0
      log(spec, 'heroku', `Process exited with status ${exitCode}`)
      log(spec, 'heroku', 'State changed from up to complete')
      return { exitCode, timedOut }
    } finally {
      this.#tasks.delete(task.id)
    }
  }

  onChange(listener: (dyno: Dyno) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.#dynos.values()].map(async (d) => {
      d.wanted = false
      await d.terminate()
    }))
    this.#dynos.clear()
  }

  /** Ends a running dyno's process as if it crashed with this status; it restarts after Heroku's cool-off. */
  crash(dynoId: string, exitCode = 1): void {
    this.#dynos.get(dynoId)?.crash(exitCode)
  }

  /** What a running dyno's process sees and when it started; null while none runs. */
  inspect(dynoId: string): { env: Record<string, string>; startedAt: number } | null {
    return this.#dynos.get(dynoId)?.inspect() ?? null
  }

  #create(spec: DynoSpec): FakeDyno {
    const d = new FakeDyno(spec, this.#nextId(), this.#context)
    this.#dynos.set(d.dyno.id, d)
    return d
  }

  #nextId(): string {
    return `fake-${++this.#ids}`
  }

  #onError(error: unknown, what: string): void {
    if (!this.options.onError) throw error
    this.options.onError(error, what)
  }
}
