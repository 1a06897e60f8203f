import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import type { LogSink } from '../../logs/log-sink.js'
import { signalGroup } from '../../sandbox/signal-group.js'
import { crashCooloffMs } from '../crash-cooloff.js'
import type { Dyno, DynoSpec, DynoState } from '../scheduler.js'
import { probeBoot } from './boot-probe.js'
import type { DynoPidFiles } from './dyno-pid-files.js'
import type { DynoPorts } from './dyno-ports.js'
import { dynoMarker, type Launch } from './prepare-launch.js'

/** What every dyno process shares: how to launch, where ports and pid files come from, its timings. */
export interface DynoProcessContext {
  launch(spec: DynoSpec, dynoId: string, port: number | null): Promise<Launch>
  ports: DynoPorts
  pidFiles: DynoPidFiles
  logs: LogSink
  bootTimeoutMs: number
  stopTimeoutMs: number
  cooloffUnitMs: number
  stableAfterMs: number
  /** Every state change, for the scheduler's listeners. */
  changed(dyno: Dyno): void
  onError(error: unknown, what: string): void
}

/**
 * One formation dyno through its life: start (launch, spawn, boot probe for web dynos), up, exit,
 * a crash restart after Heroku's cool-off, and a graceful stop (SIGTERM, R12 and SIGKILL after the
 * stop timeout). A start that a stop or another start overtook while it prepared gives up.
 */
export class DynoProcess {
  readonly dyno: Dyno
  /** False once the scheduler no longer wants it: it stops, and is never restarted. */
  wanted = true
  #child: ChildProcess | null = null
  #launch: Launch | null = null
  #exited: Promise<void> = Promise.resolve()
  #stopping = false
  #crashes = 0
  #attempt = 0
  #upAt = 0
  #failure: string | null = null
  #probe: { cancel(): void } | null = null
  #restartTimer: NodeJS.Timeout | null = null
  readonly #waiters = new Set<{ resolve(): void; reject(error: Error): void }>()

  constructor(readonly spec: DynoSpec, private readonly ctx: DynoProcessContext) {
    const now = new Date()
    this.dyno = {
      id: randomUUID(), appId: spec.appId, name: spec.name, type: spec.type, releaseId: spec.releaseId, releaseVersion: spec.releaseVersion,
      generation: spec.generation ?? 0, command: spec.command, size: spec.size, state: 'starting', host: '127.0.0.1', port: null, createdAt: now, updatedAt: now,
    }
  }

  /** The dyno's process group, while it runs. */
  get pid(): number | undefined {
    return this.#child?.pid
  }

  /** Its resident memory: its launch's own reading (a container), else its process group's in `usage`. */
  memoryBytes(usage: ReadonlyMap<number, number>): number | undefined {
    const own = this.#launch?.memoryBytes?.()
    if (own !== undefined && own !== null) return own
    return this.pid === undefined ? undefined : usage.get(this.pid)
  }

  waitUntilUp(): Promise<void> {
    if (this.dyno.state === 'up') return Promise.resolve()
    if (this.dyno.state !== 'starting') return Promise.reject(new Error(this.#failure ?? `the dyno is ${this.dyno.state}`))
    return new Promise((resolve, reject) => this.#waiters.add({ resolve, reject }))
  }

  async start(): Promise<void> {
    const attempt = ++this.#attempt
    this.#stopping = false
    this.#failure = null
    this.#setState('starting')
    const allocated = this.spec.type === 'web' ? await this.ctx.ports.allocate().catch((error: Error) => error) : null
    if (allocated instanceof Error) return this.#failToStart(allocated, null)
    let launch: Launch
    try {
      launch = await this.ctx.launch(this.spec, this.dyno.id, allocated)
    } catch (error) {
      return this.#failToStart(error as Error, allocated)
    }
    // An adopted dyno keeps the port it was started with.
    let port = allocated
    if (launch.adopted && launch.adopted.port !== allocated) {
      if (allocated !== null) this.ctx.ports.release(allocated)
      port = launch.adopted.port
    }
    if (this.#attempt !== attempt || !this.wanted || this.#stopping) {
      // Stopped, or started again, while it was being prepared.
      if (port !== null) this.ctx.ports.release(port)
      await launch.release()
      if (this.#attempt === attempt) this.#setState('down')
      return
    }
    this.#spawn(launch, port)
  }

  /** Restarts it in place (`ps:restart` of one dyno): a graceful stop, then a start with a clean crash count. */
  async restart(): Promise<void> {
    this.log('heroku', 'Restarting')
    await this.terminate()
    this.#crashes = 0
    if (this.wanted) await this.start()
  }

  /** A graceful stop: SIGTERM to every process, SIGKILL after the stop timeout (R12). */
  async terminate(): Promise<void> {
    this.#probe?.cancel()
    if (this.#restartTimer) clearTimeout(this.#restartTimer)
    this.#restartTimer = null
    this.#stopping = true
    const pid = this.#child?.pid
    if (!pid) {
      // Not running (crashed, or still being prepared: that start gives up when it sees this).
      this.#attempt++
      return this.#setState('down')
    }
    this.log('heroku', 'Stopping all processes with SIGTERM')
    signalGroup(pid, 'SIGTERM')
    const kill = setTimeout(() => {
      this.log('heroku', `Error R12 (Exit timeout) -> At least one process failed to exit within ${Math.round(this.ctx.stopTimeoutMs / 1000)} seconds of SIGTERM`)
      this.log('heroku', 'Stopping remaining processes with SIGKILL')
      signalGroup(pid, 'SIGKILL')
    }, this.ctx.stopTimeoutMs)
    await this.#exited
    clearTimeout(kill)
  }

  /** Kills it at once for a reason the kernel did not give (R10, R15 by polling). */
  kill(reason: string): void {
    const pid = this.#child?.pid
    this.#failure = reason
    this.log('heroku', reason)
    this.log('heroku', 'Stopping process with SIGKILL')
    if (pid) signalGroup(pid, 'SIGKILL')
  }

  log(source: 'app' | 'heroku', message: string): void {
    this.ctx.logs.write({ appId: this.spec.appId, source, process: this.spec.name, message, releaseVersion: this.spec.releaseVersion })
  }

  #spawn(launch: Launch, port: number | null): void {
    this.#launch = launch
    this.dyno.port = null
    this.dyno.host = launch.host
    this.dyno.node = launch.node
    this.log('heroku', launch.adopted ? 'Attached to the process that was running before Berth restarted' : `Starting process with command \`${this.spec.command}\``)
    const { plan } = launch
    const child = spawn(plan.file, plan.args, { env: plan.env, cwd: plan.cwd, uid: plan.uid, gid: plan.gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    this.#child = child
    if (child.pid) this.ctx.pidFiles.record(this.dyno.id, child.pid, dynoMarker(this.spec, this.dyno.id))
    for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.log('app', line))
    this.#exited = new Promise((resolve) => {
      child.on('error', (error) => {
        this.#failure = error.message
      })
      child.on('close', (code, signal) => {
        this.ctx.pidFiles.remove(this.dyno.id)
        if (port !== null) this.ctx.ports.release(port)
        // Its cgroup, or a container's engine, may know why it ended (R15); a dyno Berth stopped ended because it was asked to.
        const why = launch.exitReason && !this.#stopping ? launch.exitReason().catch(() => null) : Promise.resolve(null)
        why.then((reason) => {
          if (reason && this.#failure === null) {
            this.#failure = reason
            this.log('heroku', reason)
          }
          this.#onExit(code, signal)
          return launch.release()
        }).catch((error: unknown) => this.ctx.onError(error, `could not release dyno ${this.dyno.name}'s network and cgroups`)).finally(resolve)
      })
    })
    launch.started?.().catch((error: Error) => {
      if (this.#child === child && !this.#stopping) this.kill(`The dyno could not start: ${error.message}`)
    })
    if (port === null) return this.#markUp()
    this.#probe = probeBoot({ host: launch.host, port, healthCheckPath: this.spec.healthCheckPath }, this.ctx.bootTimeoutMs, {
      up: () => {
        if (this.#child !== child || this.#stopping || this.dyno.state !== 'starting') return
        this.dyno.port = port
        this.#markUp()
      },
      timedOut: () => {
        if (this.#child !== child || this.#stopping) return
        this.kill(`Error R10 (Boot timeout) -> Web process failed to bind to $PORT within ${Math.round(this.ctx.bootTimeoutMs / 1000)} seconds of launch`)
      },
    })
  }

  #failToStart(error: Error, port: number | null): void {
    if (port !== null) this.ctx.ports.release(port)
    if (this.#stopping) return
    this.#failure = error.message
    this.log('heroku', `The dyno could not start: ${error.message}`)
    this.#setState('crashed')
    this.#settleWaiters(this.#failure)
  }

  #markUp(): void {
    this.#upAt = Date.now()
    this.#setState('up')
    this.#settleWaiters(null)
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.#probe?.cancel()
    this.#probe = null
    this.#child = null
    this.dyno.port = null
    this.#launch = null
    const status = code ?? (signal === 'SIGTERM' ? 143 : signal === 'SIGKILL' ? 137 : 1)
    this.log('heroku', `Process exited with status ${status}`)
    const from = this.dyno.state
    if (this.#stopping) {
      this.#setState('down')
      return this.#settleWaiters('the dyno was stopped')
    }
    this.#failure ??= `the process exited with status ${status}`
    this.#setState('crashed')
    this.#settleWaiters(this.#failure)
    if (!this.wanted) return
    this.#crashes = from === 'up' && Date.now() - this.#upAt >= this.ctx.stableAfterMs ? 1 : this.#crashes + 1
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null
      if (this.wanted && this.dyno.state === 'crashed') this.start().catch((error: unknown) => this.ctx.onError(error, `could not restart dyno ${this.dyno.name}`))
    }, crashCooloffMs(this.#crashes, this.ctx.cooloffUnitMs))
  }

  #setState(state: DynoState): void {
    const from = this.dyno.state
    if (from === state && state !== 'starting') return
    this.dyno.state = state
    this.dyno.updatedAt = new Date()
    if (from !== state) this.log('heroku', `State changed from ${from} to ${state}`)
    this.ctx.changed({ ...this.dyno })
  }

  /** Resolves the waiters for `up` (reason null) or rejects them with why it is not up. */
  #settleWaiters(reason: string | null): void {
    for (const waiter of this.#waiters) {
      if (reason === null) waiter.resolve()
      else waiter.reject(new Error(reason))
    }
    this.#waiters.clear()
  }
}
