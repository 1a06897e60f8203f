import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { LogSink } from '../../logs/log-sink.js'
import { planSandbox } from '../../sandbox/plan-sandbox.js'
import { runCommand } from '../../sandbox/run-command.js'
import { rssByGroup, signalGroup } from '../../sandbox/signal-group.js'
import { crashCooloffMs } from '../crash-cooloff.js'
import { dynoCommand, memoryQuotaBytes, planDynoEnv } from '../plan-dyno-env.js'
import type { Dyno, DynoSpec, DynoState, Scheduler, TaskIo, TaskResult } from '../scheduler.js'
import type { DynoPorts } from './dyno-ports.js'
import { accepts } from './free-port.js'
import type { SlugFiles } from './slug-files.js'
import type { DynoCgroup, MemoryCgroups } from './memory-cgroups.js'

export interface LocalSchedulerOptions {
  /** Holds `dynos/<id>.pid`, so dynos left by a killed server can be reaped at the next start. */
  runDir: string
  bwrap: string | null
  user: { uid: number; gid: number } | null
  /** Where web dynos' `$PORT`s come from. */
  ports: DynoPorts
  slugs: Pick<SlugFiles, 'ensure'>
  logs: LogSink
  bootTimeoutMs: number
  stopTimeoutMs: number
  /** One step of Heroku's crash cool-off (20 minutes in production). */
  cooloffUnitMs: number
  /** A dyno up this long has recovered: its crash count starts over. */
  stableAfterMs: number
  /** How often to check memory against the dyno size (0: never). */
  memoryCheckMs: number
  /** Kernel-enforced memory limits (twice the size's quota, Heroku's R15 point), when available. */
  cgroups?: MemoryCgroups | null
}

interface Running {
  dyno: Dyno
  spec: DynoSpec
  child: ChildProcess | null
  cgroup: DynoCgroup | null
  exited: Promise<void>
  wanted: boolean
  stopping: boolean
  crashes: number
  upAt: number
  failure: string | null
  timers: Set<NodeJS.Timeout>
  waiters: Set<{ resolve(): void; reject(error: Error): void }>
}

const key = (spec: Pick<DynoSpec, 'releaseId' | 'name' | 'generation'>) => `${spec.releaseId}:${spec.generation ?? 0}:${spec.name}`

/** Dynos as sandboxed process groups on this machine. */
export class LocalScheduler implements Scheduler {
  readonly #running = new Map<string, Running>()
  /** One-off and release-phase dynos while they run. */
  readonly #tasks = new Map<string, Dyno>()
  readonly #listeners = new Set<(dyno: Dyno) => void>()
  readonly #memoryTimer: NodeJS.Timeout | null

  constructor(private readonly options: LocalSchedulerOptions) {
    mkdirSync(join(options.runDir, 'dynos'), { recursive: true, mode: 0o700 })
    this.#reapOrphans()
    options.cgroups?.sweep()
    this.#memoryTimer = options.memoryCheckMs > 0 ? setInterval(() => this.#checkMemory(), options.memoryCheckMs) : null
    this.#memoryTimer?.unref()
  }

  async apply(appId: string, specs: readonly DynoSpec[]): Promise<Dyno[]> {
    const wanted = new Map(specs.map((spec) => [key(spec), spec]))
    const current = [...this.#running.values()].filter((r) => r.spec.appId === appId && r.wanted)
    for (const r of current) {
      if (wanted.has(key(r.spec))) continue
      r.wanted = false
      void this.#terminate(r).then(() => this.#running.delete(r.dyno.id))
    }
    const result: Dyno[] = []
    for (const spec of specs) {
      let r = current.find((c) => key(c.spec) === key(spec))
      if (!r) {
        r = this.#create(spec)
        await this.#start(r)
      }
      result.push({ ...r.dyno })
    }
    return result
  }

  list(appId?: string): Dyno[] {
    const dynos = [...[...this.#running.values()].map((r) => r.dyno), ...this.#tasks.values()]
    return dynos.filter((dyno) => appId === undefined || dyno.appId === appId).map((dyno) => ({ ...dyno }))
  }

  waitUntilUp(dynoId: string): Promise<void> {
    const r = this.#running.get(dynoId)
    if (!r) return Promise.reject(new Error('the dyno is gone'))
    if (r.dyno.state === 'up') return Promise.resolve()
    if (r.dyno.state !== 'starting') return Promise.reject(new Error(r.failure ?? `the dyno is ${r.dyno.state}`))
    return new Promise((resolve, reject) => r.waiters.add({ resolve, reject }))
  }

  async restart(appId: string, match: (dyno: Dyno) => boolean = () => true): Promise<void> {
    const targets = [...this.#running.values()].filter((r) => r.spec.appId === appId && r.wanted && match(r.dyno))
    await Promise.all(targets.map(async (r) => {
      this.#log(r, 'heroku', 'Restarting')
      await this.#terminate(r)
      r.crashes = 0
      if (r.wanted) await this.#start(r)
    }))
  }

  stop(appId: string, match: (dyno: Dyno) => boolean): Promise<void> {
    // Heroku compat: a stopped dyno of a scaled process type is started again by the dyno manager.
    return this.restart(appId, match)
  }

  async runTask(spec: DynoSpec, options: { onLine?: (line: string) => void; timeoutMs: number; io?: TaskIo }): Promise<TaskResult> {
    const slugDir = await this.options.slugs.ensure(spec.slugId)
    const log = (source: 'app' | 'heroku', message: string) =>
      this.options.logs.write({ appId: spec.appId, source, process: spec.name, message, releaseVersion: spec.releaseVersion })
    log('heroku', `Starting process with command \`${spec.command}\``)
    log('heroku', 'State changed from starting to up')
    const now = new Date()
    const task: Dyno = {
      id: randomUUID(), appId: spec.appId, name: spec.name, type: spec.type, releaseId: spec.releaseId, releaseVersion: spec.releaseVersion,
      generation: 0, command: spec.command, size: spec.size, state: 'up', port: null, createdAt: now, updatedAt: now,
    }
    this.#tasks.set(task.id, task)
    const plan = this.#plan(spec, slugDir, null)
    const result = await runCommand(plan, {
      timeoutMs: options.timeoutMs,
      io: options.io,
      onLine: (line) => {
        log('app', line)
        options.onLine?.(line)
      },
    }).finally(() => this.#tasks.delete(task.id))
    log('heroku', `Process exited with status ${result.code}`)
    log('heroku', 'State changed from up to complete')
    return { exitCode: result.timedOut ? 137 : result.code, timedOut: result.timedOut }
  }

  onChange(listener: (dyno: Dyno) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async shutdown(): Promise<void> {
    if (this.#memoryTimer) clearInterval(this.#memoryTimer)
    await Promise.all([...this.#running.values()].map(async (r) => {
      r.wanted = false
      await this.#terminate(r)
    }))
    this.#running.clear()
  }

  #create(spec: DynoSpec): Running {
    const now = new Date()
    const r: Running = {
      dyno: {
        id: randomUUID(), appId: spec.appId, name: spec.name, type: spec.type, releaseId: spec.releaseId, releaseVersion: spec.releaseVersion, generation: spec.generation ?? 0,
        command: spec.command, size: spec.size, state: 'starting', port: null, createdAt: now, updatedAt: now,
      },
      spec, child: null, cgroup: null, exited: Promise.resolve(), wanted: true, stopping: false, crashes: 0, upAt: 0, failure: null,
      timers: new Set(), waiters: new Set(),
    }
    this.#running.set(r.dyno.id, r)
    return r
  }

  #plan(spec: DynoSpec, slugDir: string, port: number | null) {
    return planSandbox({
      bwrap: this.options.bwrap, user: this.options.user, cwd: '/app',
      mounts: [{ hostPath: slugDir, path: '/app', writable: false }],
      command: dynoCommand(spec.command),
      env: { ...planDynoEnv(spec, port), BERTH_DYNO_ID: spec.releaseId + ':' + spec.name },
    })
  }

  async #start(r: Running): Promise<void> {
    const { spec } = r
    const web = spec.type === 'web'
    r.stopping = false
    r.failure = null
    const previous = r.dyno.state
    this.#setState(r, 'starting', previous === 'starting' ? null : previous)
    let slugDir: string
    try {
      slugDir = await this.options.slugs.ensure(spec.slugId)
    } catch (error) {
      r.failure = (error as Error).message
      this.#setState(r, 'crashed', 'starting')
      return
    }
    let port: number | null = null
    try {
      if (web) port = await this.options.ports.allocate()
    } catch (error) {
      r.failure = (error as Error).message
      this.#setState(r, 'crashed', 'starting')
      return
    }
    r.dyno.port = null
    this.#log(r, 'heroku', `Starting process with command \`${spec.command}\``)
    const plan = this.#plan(spec, slugDir, port)
    // The dyno's first process joins its memory cgroup itself, before it forks anything.
    r.cgroup = this.options.cgroups?.create(`${r.dyno.id}-${Date.now()}`, 2 * memoryQuotaBytes(spec.size), this.options.user) ?? null
    const [file, args] = r.cgroup
      ? ['/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', r.cgroup.procsFile, plan.file, ...plan.args]]
      : [plan.file, plan.args]
    const child = spawn(file, args, { env: plan.env, cwd: plan.cwd, uid: plan.uid, gid: plan.gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    r.child = child
    const pidFile = join(this.options.runDir, 'dynos', `${r.dyno.id}.pid`)
    if (child.pid) writeFileSync(pidFile, `${child.pid}\n${plan.env.BERTH_DYNO_ID}\n`)
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.#log(r, 'app', line))
    }
    r.exited = new Promise((resolve) => {
      child.on('error', (error) => {
        r.failure = error.message
      })
      child.on('close', (code, signal) => {
        rmSync(pidFile, { force: true })
        if (port !== null) this.options.ports.release(port)
        this.#onExit(r, code, signal)
        resolve()
      })
    })
    if (!web) return this.#markUp(r)
    const started = Date.now()
    const probe = async () => {
      if (r.child !== child || r.stopping || r.dyno.state !== 'starting') return
      if (await this.#answers(port!, spec.healthCheckPath)) {
        r.dyno.port = port
        return this.#markUp(r)
      }
      if (Date.now() - started > this.options.bootTimeoutMs) {
        r.failure = `Error R10 (Boot timeout) -> Web process failed to bind to $PORT within ${Math.round(this.options.bootTimeoutMs / 1000)} seconds of launch`
        this.#log(r, 'heroku', r.failure)
        this.#log(r, 'heroku', 'Stopping process with SIGKILL')
        if (child.pid) signalGroup(child.pid, 'SIGKILL')
        return
      }
      this.#timer(r, probe, 50)
    }
    this.#timer(r, probe, 20)
  }

  async #answers(port: number, healthCheckPath: string | null): Promise<boolean> {
    if (!(await accepts(port))) return false
    if (!healthCheckPath) return true
    return new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: healthCheckPath, timeout: 2000 }, (res) => {
        res.resume()
        resolve((res.statusCode ?? 500) < 500)
      })
      req.on('error', () => resolve(false))
      req.on('timeout', () => req.destroy())
      req.end()
    })
  }

  #markUp(r: Running): void {
    r.upAt = Date.now()
    this.#setState(r, 'up', 'starting')
    for (const waiter of r.waiters) waiter.resolve()
    r.waiters.clear()
  }

  #onExit(r: Running, code: number | null, signal: NodeJS.Signals | null): void {
    for (const timer of r.timers) clearTimeout(timer)
    r.timers.clear()
    r.child = null
    r.dyno.port = null
    if (r.cgroup?.oomKilled() && r.failure === null) {
      r.failure = 'Error R15 (Memory quota vastly exceeded)'
      this.#log(r, 'heroku', r.failure)
    }
    r.cgroup?.remove()
    r.cgroup = null
    const status = code ?? (signal === 'SIGTERM' ? 143 : signal === 'SIGKILL' ? 137 : 1)
    this.#log(r, 'heroku', `Process exited with status ${status}`)
    const from = r.dyno.state
    if (r.stopping) {
      this.#setState(r, 'down', from)
      this.#rejectWaiters(r, 'the dyno was stopped')
      return
    }
    r.failure ??= `the process exited with status ${status}`
    this.#setState(r, 'crashed', from)
    this.#rejectWaiters(r, r.failure)
    if (!r.wanted) return
    r.crashes = from === 'up' && Date.now() - r.upAt >= this.options.stableAfterMs ? 1 : r.crashes + 1
    this.#timer(r, () => {
      if (r.wanted && r.dyno.state === 'crashed') void this.#start(r)
    }, crashCooloffMs(r.crashes, this.options.cooloffUnitMs))
  }

  async #terminate(r: Running): Promise<void> {
    for (const timer of r.timers) clearTimeout(timer)
    r.timers.clear()
    const child = r.child
    if (!child?.pid) {
      if (r.dyno.state !== 'down') this.#setState(r, 'down', r.dyno.state)
      return
    }
    r.stopping = true
    this.#log(r, 'heroku', 'Stopping all processes with SIGTERM')
    signalGroup(child.pid, 'SIGTERM')
    const kill = setTimeout(() => {
      this.#log(r, 'heroku', `Error R12 (Exit timeout) -> At least one process failed to exit within ${Math.round(this.options.stopTimeoutMs / 1000)} seconds of SIGTERM`)
      this.#log(r, 'heroku', 'Stopping remaining processes with SIGKILL')
      signalGroup(child.pid!, 'SIGKILL')
    }, this.options.stopTimeoutMs)
    await r.exited
    clearTimeout(kill)
  }

  #checkMemory(): void {
    const usage = rssByGroup()
    for (const r of this.#running.values()) {
      const pid = r.child?.pid
      const rss = pid ? usage.get(pid) : undefined
      if (!pid || rss === undefined) continue
      const quota = memoryQuotaBytes(r.spec.size)
      if (rss <= quota) continue
      this.#log(r, 'heroku', `Process running mem=${Math.round(rss / 1024 / 1024)}M(${((rss / quota) * 100).toFixed(1)}%)`)
      if (rss >= 2 * quota) {
        r.failure = 'Error R15 (Memory quota vastly exceeded)'
        this.#log(r, 'heroku', r.failure)
        this.#log(r, 'heroku', 'Stopping process with SIGKILL')
        signalGroup(pid, 'SIGKILL')
      } else {
        this.#log(r, 'heroku', 'Error R14 (Memory quota exceeded)')
      }
    }
  }

  #setState(r: Running, state: DynoState, from: DynoState | null): void {
    r.dyno.state = state
    r.dyno.updatedAt = new Date()
    if (from !== null && from !== state) this.#log(r, 'heroku', `State changed from ${from} to ${state}`)
    for (const listener of this.#listeners) listener({ ...r.dyno })
  }

  #rejectWaiters(r: Running, reason: string): void {
    for (const waiter of r.waiters) waiter.reject(new Error(reason))
    r.waiters.clear()
  }

  #timer(r: Running, fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      r.timers.delete(timer)
      fn()
    }, ms)
    r.timers.add(timer)
  }

  #log(r: Running, source: 'app' | 'heroku', message: string): void {
    this.options.logs.write({ appId: r.spec.appId, source, process: r.spec.name, message, releaseVersion: r.spec.releaseVersion })
  }

  // A server killed with SIGKILL leaves its dynos' pid files; their process groups are still ours
  // when the process still carries the dyno's marker in its environment.
  #reapOrphans(): void {
    const dir = join(this.options.runDir, 'dynos')
    for (const file of readdirSync(dir)) {
      const [pid, marker] = readFileSync(join(dir, file), 'utf8').split('\n')
      try {
        if (pid && marker && readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`BERTH_DYNO_ID=${marker}`)) signalGroup(Number(pid), 'SIGKILL')
      } catch {
        // Already gone.
      }
      rmSync(join(dir, file), { force: true })
    }
  }
}
