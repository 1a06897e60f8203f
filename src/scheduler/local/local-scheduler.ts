import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { LogSink } from '../../logs/log-sink.js'
import { checkSpawnSpec } from '../../sandbox/check-spawn-spec.js'
import type { NetworkFence } from '../../sandbox/network-fence.js'
import type { SpawnSpec } from '../../sandbox/plan-sandbox.js'
import { runCommand } from '../../sandbox/run-command.js'
import { signalGroup } from '../../sandbox/signal-group.js'
import { crashCooloffMs } from '../crash-cooloff.js'
import { memoryQuotaBytes, processLimit } from '../plan-dyno-env.js'
import type { Dyno, DynoSpec, DynoState, Scheduler, TaskIo, TaskResult } from '../scheduler.js'
import { probeBoot } from './boot-probe.js'
import type { DynoCgroup, DynoCgroups } from './dyno-cgroups.js'
import { DynoPidFiles } from './dyno-pid-files.js'
import type { DynoPorts } from './dyno-ports.js'
import { memoryVerdict, watchMemory } from './memory-watch.js'
import { planDynoSpawn } from './plan-dyno-spawn.js'
import type { SlugFiles } from './slug-files.js'

export interface LocalSchedulerOptions {
  /** Holds `dynos/<id>.pid`, so dynos left by a killed server can be reaped at the next start. */
  runDir: string
  bwrap: string | null
  user: { uid: number; gid: number } | null
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
  /** Kernel-enforced memory (twice the size's quota, Heroku's R15 point) and process limits, when available. */
  cgroups?: DynoCgroups | null
  /** Gives each dyno a network of its own; without it dynos share the host's network. */
  network?: Pick<NetworkFence, 'open'> | null
  /** Where failures of work nobody waits for go (the server's log). */
  onError: (error: unknown, what: string) => void
}

/** What a dyno's process needs before it starts (slug, network, cgroups), and how to give it back. */
interface Launch {
  plan: SpawnSpec
  host: string
  cgroup: DynoCgroup | null
  release(): Promise<void>
}

interface Running {
  dyno: Dyno
  spec: DynoSpec
  child: ChildProcess | null
  launch: Launch | null
  exited: Promise<void>
  wanted: boolean
  stopping: boolean
  crashes: number
  /** Counts starts, so a start that was overtaken (stopped, restarted) while it prepared gives up. */
  attempt: number
  upAt: number
  failure: string | null
  probe: { cancel(): void } | null
  restartTimer: NodeJS.Timeout | null
  waiters: Set<{ resolve(): void; reject(error: Error): void }>
}

const key = (spec: Pick<DynoSpec, 'releaseId' | 'name' | 'generation'>) => `${spec.releaseId}:${spec.generation ?? 0}:${spec.name}`
// In every dyno's environment as BERTH_DYNO_ID: which release and dyno a leftover process belongs to.
const dynoMarker = (spec: DynoSpec, dynoId: string) => `${spec.releaseId}:${spec.name}:${dynoId}`
const SLUG_SWEEP_MS = 60_000
const SLUG_IDLE_MS = 10 * 60_000

/** Dynos as sandboxed process groups on this machine, each in its own network and cgroups where the machine allows. */
export class LocalScheduler implements Scheduler {
  readonly #running = new Map<string, Running>()
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
    const current = [...this.#running.values()].filter((r) => r.spec.appId === appId && r.wanted)
    for (const r of current) {
      if (wanted.has(key(r.spec))) continue
      r.wanted = false
      this.#terminate(r).then(() => this.#running.delete(r.dyno.id))
        .catch((error: unknown) => this.options.onError(error, `could not stop dyno ${r.dyno.name} of app ${appId}`))
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
    const dynos = [...[...this.#running.values()].map((r) => r.dyno), ...[...this.#tasks.values()].map((t) => t.dyno)]
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
    const log = (source: 'app' | 'heroku', message: string) =>
      this.options.logs.write({ appId: spec.appId, source, process: spec.name, message, releaseVersion: spec.releaseVersion })
    const now = new Date()
    const task: Dyno = {
      id: randomUUID(), appId: spec.appId, name: spec.name, type: spec.type, releaseId: spec.releaseId, releaseVersion: spec.releaseVersion,
      generation: 0, command: spec.command, size: spec.size, state: 'up', host: '127.0.0.1', port: null, createdAt: now, updatedAt: now,
    }
    const launch = await this.#prepare(spec, task.id, null)
    log('heroku', `Starting process with command \`${spec.command}\``)
    log('heroku', 'State changed from starting to up')
    this.#tasks.set(task.id, { dyno: task, slugId: spec.slugId })
    try {
      const result = await runCommand(launch.plan, {
        timeoutMs: options.timeoutMs,
        io: options.io,
        onLine: (line) => {
          log('app', line)
          options.onLine?.(line)
        },
      })
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
        command: spec.command, size: spec.size, state: 'starting', host: '127.0.0.1', port: null, createdAt: now, updatedAt: now,
      },
      spec, child: null, launch: null, exited: Promise.resolve(), wanted: true, stopping: false, crashes: 0, attempt: 0, upAt: 0, failure: null,
      probe: null, restartTimer: null, waiters: new Set(),
    }
    this.#running.set(r.dyno.id, r)
    return r
  }

  /** The slug unpacked (and checked), the dyno's network and cgroups made, and the spawn planned. */
  async #prepare(spec: DynoSpec, dynoId: string, port: number | null): Promise<Launch> {
    const { bwrap, user, network, cgroups } = this.options
    const slugDir = await this.options.slugs.ensure(spec.slugId, spec.slugChecksum)
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
      const plan = planDynoSpawn({ spec, slugDir, port, bwrap, user, namespacePath: net?.namespacePath, cgroupProcs: cgroup?.procsFiles ?? [], marker })
      checkSpawnSpec(plan)
      return { plan, host: net?.address ?? '127.0.0.1', cgroup, release }
    } catch (error) {
      await release()
      throw error
    }
  }

  async #start(r: Running): Promise<void> {
    const { spec } = r
    const attempt = ++r.attempt
    r.stopping = false
    r.failure = null
    const previous = r.dyno.state
    this.#setState(r, 'starting', previous === 'starting' ? null : previous)
    const port = spec.type === 'web' ? await this.options.ports.allocate().catch((error: Error) => error) : null
    if (port instanceof Error) return this.#failToStart(r, port, null)
    let launch: Launch
    try {
      launch = await this.#prepare(spec, r.dyno.id, port)
    } catch (error) {
      return this.#failToStart(r, error as Error, port)
    }
    if (r.attempt !== attempt || !r.wanted || r.stopping) {
      // Stopped, or started again, while it was being prepared.
      if (port !== null) this.options.ports.release(port)
      await launch.release()
      if (r.attempt === attempt && r.dyno.state !== 'down') this.#setState(r, 'down', r.dyno.state)
      return
    }
    r.launch = launch
    r.dyno.port = null
    r.dyno.host = launch.host
    this.#log(r, 'heroku', `Starting process with command \`${spec.command}\``)
    const { plan } = launch
    const child = spawn(plan.file, plan.args, { env: plan.env, cwd: plan.cwd, uid: plan.uid, gid: plan.gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    r.child = child
    if (child.pid) this.#pidFiles.record(r.dyno.id, child.pid, dynoMarker(spec, r.dyno.id))
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.#log(r, 'app', line))
    }
    r.exited = new Promise((resolve) => {
      child.on('error', (error) => {
        r.failure = error.message
      })
      child.on('close', (code, signal) => {
        this.#pidFiles.remove(r.dyno.id)
        if (port !== null) this.options.ports.release(port)
        this.#onExit(r, code, signal)
        launch.release().catch((error: unknown) => this.options.onError(error, `could not release dyno ${r.dyno.name}'s network and cgroups`)).finally(resolve)
      })
    })
    if (port === null) return this.#markUp(r)
    r.probe = probeBoot({ host: launch.host, port, healthCheckPath: spec.healthCheckPath }, this.options.bootTimeoutMs, {
      up: () => {
        if (r.child !== child || r.stopping || r.dyno.state !== 'starting') return
        r.dyno.port = port
        this.#markUp(r)
      },
      timedOut: () => {
        if (r.child !== child || r.stopping) return
        r.failure = `Error R10 (Boot timeout) -> Web process failed to bind to $PORT within ${Math.round(this.options.bootTimeoutMs / 1000)} seconds of launch`
        this.#log(r, 'heroku', r.failure)
        this.#log(r, 'heroku', 'Stopping process with SIGKILL')
        if (child.pid) signalGroup(child.pid, 'SIGKILL')
      },
    })
  }

  #failToStart(r: Running, error: Error, port: number | null): void {
    if (port !== null) this.options.ports.release(port)
    if (r.stopping) return
    r.failure = error.message
    this.#log(r, 'heroku', `The dyno could not start: ${error.message}`)
    this.#setState(r, 'crashed', 'starting')
    this.#rejectWaiters(r, r.failure)
  }

  #markUp(r: Running): void {
    r.upAt = Date.now()
    this.#setState(r, 'up', 'starting')
    for (const waiter of r.waiters) waiter.resolve()
    r.waiters.clear()
  }

  #onExit(r: Running, code: number | null, signal: NodeJS.Signals | null): void {
    r.probe?.cancel()
    r.probe = null
    r.child = null
    r.dyno.port = null
    if (r.launch?.cgroup?.oomKilled() && r.failure === null) {
      r.failure = 'Error R15 (Memory quota vastly exceeded)'
      this.#log(r, 'heroku', r.failure)
    }
    r.launch = null
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
    r.restartTimer = setTimeout(() => {
      r.restartTimer = null
      if (r.wanted && r.dyno.state === 'crashed') this.#start(r).catch((error: unknown) => this.options.onError(error, `could not restart dyno ${r.dyno.name}`))
    }, crashCooloffMs(r.crashes, this.options.cooloffUnitMs))
  }

  async #terminate(r: Running): Promise<void> {
    r.probe?.cancel()
    if (r.restartTimer) clearTimeout(r.restartTimer)
    r.restartTimer = null
    const child = r.child
    if (!child?.pid) {
      // Not running (crashed, or still being prepared: that start gives up when it sees this).
      r.stopping = true
      r.attempt++
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

  #checkMemory(usage: ReadonlyMap<number, number>): void {
    for (const r of this.#running.values()) {
      const pid = r.child?.pid
      const rss = pid ? usage.get(pid) : undefined
      if (!pid || rss === undefined) continue
      const quota = memoryQuotaBytes(r.spec.size)
      const verdict = memoryVerdict(rss, quota)
      if (verdict === 'ok') continue
      this.#log(r, 'heroku', `Process running mem=${Math.round(rss / 1024 / 1024)}M(${((rss / quota) * 100).toFixed(1)}%)`)
      if (verdict === 'R14') {
        this.#log(r, 'heroku', 'Error R14 (Memory quota exceeded)')
        continue
      }
      r.failure = 'Error R15 (Memory quota vastly exceeded)'
      this.#log(r, 'heroku', r.failure)
      this.#log(r, 'heroku', 'Stopping process with SIGKILL')
      signalGroup(pid, 'SIGKILL')
    }
  }

  async #sweepSlugs(): Promise<void> {
    const inUse = new Set([...[...this.#running.values()].map((r) => r.spec.slugId), ...[...this.#tasks.values()].map((t) => t.slugId)])
    await this.options.slugs.sweep?.(inUse, SLUG_IDLE_MS)
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

  #log(r: Running, source: 'app' | 'heroku', message: string): void {
    this.options.logs.write({ appId: r.spec.appId, source, process: r.spec.name, message, releaseVersion: r.spec.releaseVersion })
  }
}
