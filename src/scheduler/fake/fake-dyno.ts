import { crashCooloffMs } from '../crash-cooloff.js'
import { planDynoEnv } from '../plan-dyno-env.js'
import type { Dyno, DynoSpec, DynoState } from '../scheduler.js'
import type { FakeProgram } from './fake-program.js'

/** What a fake dyno needs from its scheduler: its program, ports, timeouts, and where it reports. */
export interface FakeDynoContext {
  program(spec: DynoSpec, env: Readonly<Record<string, string>>): FakeProgram
  nextPort(): number
  log(spec: DynoSpec, source: 'app' | 'heroku', message: string): void
  changed(dyno: Dyno): void
  bootTimeoutMs: number
  stopTimeoutMs: number
  cooloffUnitMs: number
  stableAfterMs: number
}

/** How a spec's dyno is listed, in a given state. */
export function dynoOf(spec: DynoSpec, id: string, state: DynoState): Dyno {
  const now = new Date()
  return {
    id, appId: spec.appId, name: spec.name, type: spec.type, releaseId: spec.releaseId, releaseVersion: spec.releaseVersion,
    generation: spec.generation ?? 0, command: spec.command, size: spec.size, state, host: '127.0.0.1', port: null, createdAt: now, updatedAt: now,
  }
}

/** A running fake process: what it sees, when it started, and its pending timers. */
interface FakeProcess {
  env: Record<string, string>
  startedAt: number
  program: FakeProgram
  timers: Set<NodeJS.Timeout>
  exited: Promise<void>
  markExited: () => void
}

/**
 * One fake dyno: its process is a state machine on timers that does what its program says, with
 * LocalScheduler's states and log lines: up once it binds `$PORT`, R10 if it never does, a crash
 * restarted after Heroku's cool-off, SIGTERM then SIGKILL after the stop timeout (R12).
 */
export class FakeDyno {
  readonly dyno: Dyno
  wanted = true
  crashes = 0
  #stopping = false
  #upAt = 0
  #failure: string | null = null
  #process: FakeProcess | null = null
  #restartTimer: NodeJS.Timeout | null = null
  readonly #waiters = new Set<{ resolve(): void; reject(error: Error): void }>()

  constructor(readonly spec: DynoSpec, id: string, private readonly context: FakeDynoContext) {
    this.dyno = dynoOf(spec, id, 'starting')
  }

  start(): this {
    const from = this.dyno.state
    this.#stopping = false
    this.#failure = null
    this.#setState('starting', from === 'starting' ? null : from)
    const port = this.spec.type === 'web' ? this.context.nextPort() : null
    const env = planDynoEnv(this.spec, port)
    const program = this.context.program(this.spec, env)
    let markExited!: () => void
    const exited = new Promise<void>((resolve) => { markExited = resolve })
    this.#process = { env, startedAt: performance.timeOrigin + performance.now(), program, timers: new Set(), exited, markExited }
    this.#log('heroku', `Starting process with command \`${this.spec.command}\``)
    for (const line of program.lines ?? []) this.#log('app', line)
    const { exitAtBoot, bootMs = 0 } = program
    const { bootTimeoutMs } = this.context
    if (exitAtBoot !== undefined) this.#after(0, () => this.#exit(exitAtBoot))
    else if (port === null) this.#markUp(null)
    else if (bootMs >= bootTimeoutMs) this.#after(bootTimeoutMs, () => this.#bootTimedOut())
    else this.#after(bootMs, () => this.#markUp(port))
    return this
  }

  waitUntilUp(): Promise<void> {
    if (this.dyno.state === 'up') return Promise.resolve()
    if (this.dyno.state !== 'starting') return Promise.reject(new Error(this.#failure ?? `the dyno is ${this.dyno.state}`))
    return new Promise((resolve, reject) => this.#waiters.add({ resolve, reject }))
  }

  /** SIGTERM, then SIGKILL after the stop timeout (R12) if the program lingers; resolves once it has exited. */
  async terminate(): Promise<void> {
    if (this.#restartTimer) clearTimeout(this.#restartTimer)
    this.#restartTimer = null
    this.#stopping = true
    const running = this.#process
    if (!running) {
      if (this.dyno.state !== 'down') this.#setState('down', this.dyno.state)
      return
    }
    // The boot (binding $PORT, or R10) ends here, as LocalScheduler cancels its probe.
    for (const timer of running.timers) clearTimeout(timer)
    running.timers.clear()
    this.#log('heroku', 'Stopping all processes with SIGTERM')
    const { lines = [], exitAfterMs = 0 } = running.program.onSigterm ?? {}
    for (const line of lines) this.#log('app', line)
    const { stopTimeoutMs } = this.context
    if (exitAfterMs < stopTimeoutMs) this.#after(exitAfterMs, () => this.#exit(0))
    else this.#after(stopTimeoutMs, () => {
      this.#log('heroku', `Error R12 (Exit timeout) -> At least one process failed to exit within ${Math.round(stopTimeoutMs / 1000)} seconds of SIGTERM`)
      this.#log('heroku', 'Stopping remaining processes with SIGKILL')
      this.#exit(137)
    })
    await running.exited
  }

  /** Ends the running process as a crash with this status. */
  crash(exitCode: number): void {
    this.#exit(exitCode)
  }

  /** What the running process sees and when it started; null while none runs. */
  inspect(): { env: Record<string, string>; startedAt: number } | null {
    return this.#process ? { env: this.#process.env, startedAt: this.#process.startedAt } : null
  }

  #markUp(port: number | null): void {
    this.dyno.port = port
    this.#upAt = Date.now()
    this.#setState('up', 'starting')
    for (const waiter of this.#waiters) waiter.resolve()
    this.#waiters.clear()
  }

  #bootTimedOut(): void {
    this.#failure = `Error R10 (Boot timeout) -> Web process failed to bind to $PORT within ${Math.round(this.context.bootTimeoutMs / 1000)} seconds of launch`
    this.#log('heroku', this.#failure)
    this.#log('heroku', 'Stopping process with SIGKILL')
    this.#exit(137)
  }

  #exit(status: number): void {
    const running = this.#process
    if (!running) return
    for (const timer of running.timers) clearTimeout(timer)
    this.#process = null
    this.dyno.port = null
    this.#log('heroku', `Process exited with status ${status}`)
    const from = this.dyno.state
    if (!this.#stopping) this.#failure ??= `the process exited with status ${status}`
    this.#setState(this.#stopping ? 'down' : 'crashed', from)
    for (const waiter of this.#waiters) waiter.reject(new Error(this.#stopping ? 'the dyno was stopped' : this.#failure!))
    this.#waiters.clear()
    running.markExited()
    if (this.#stopping || !this.wanted) return
    this.crashes = from === 'up' && Date.now() - this.#upAt >= this.context.stableAfterMs ? 1 : this.crashes + 1
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null
      if (this.wanted && this.dyno.state === 'crashed') this.start()
    }, crashCooloffMs(this.crashes, this.context.cooloffUnitMs))
  }

  /** A timer of the current process: it ends with the process. */
  #after(ms: number, fire: () => void): void {
    const running = this.#process!
    const timer = setTimeout(() => {
      running.timers.delete(timer)
      fire()
    }, ms)
    running.timers.add(timer)
  }

  #setState(state: DynoState, from: DynoState | null): void {
    this.dyno.state = state
    this.dyno.updatedAt = new Date()
    if (from !== null && from !== state) this.#log('heroku', `State changed from ${from} to ${state}`)
    this.context.changed({ ...this.dyno })
  }

  #log(source: 'app' | 'heroku', message: string): void {
    this.context.log(this.spec, source, message)
  }
}
