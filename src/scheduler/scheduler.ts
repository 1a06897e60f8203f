import type { Readable, Writable } from 'node:stream'

/** Heroku's dyno states (plus `complete` for finished one-off and release dynos). */
export type DynoState = 'starting' | 'up' | 'crashed' | 'down' | 'complete'

/** What to run: one dyno of one release. Identity is (release, generation, name). */
export interface DynoSpec {
  appId: string
  appName: string
  /** `web.1`, `worker.2`, `run.4821`, `release.1234`. */
  name: string
  type: string
  releaseId: string
  releaseVersion: number
  slugId: string
  /** The slug archive's `SHA256:<hex>`, checked before it is unpacked. */
  slugChecksum: string | null
  command: string
  size: string
  /** Config vars and dyno metadata; the scheduler adds PORT, DYNO, PS and HOME. */
  env: Record<string, string>
  /** Web dynos must bind $PORT (and answer this path with a non-5xx, if set) to be up. */
  healthCheckPath: string | null
  /** Tells apart two sets of the same release's dynos while one replaces the other (a restart). */
  generation?: number
  /** Runtimes from Berth's runtime store its slug runs on (`node@18.20.8`). */
  runtimes?: readonly string[]
  /** Host services the dyno may reach at their own address: its add-ons' servers on this machine. */
  grants?: readonly { host: string; port: number }[]
}

export interface Dyno {
  id: string
  appId: string
  name: string
  type: string
  releaseId: string
  releaseVersion: number
  generation: number
  command: string
  size: string
  state: DynoState
  /** Where a web dyno listens (its own address, or 127.0.0.1 on the host's network), once it is up. */
  host: string
  port: number | null
  /** The machine it runs on, when dynos span several (a Swarm node's hostname); absent on one machine. */
  node?: string
  createdAt: Date
  updatedAt: Date
}

/** An attached client's terminal: its input is the task's stdin, the task's output is written to it. */
export interface TaskIo {
  input: Readable
  output: Writable
}

/** An attached client (`heroku run`): its terminal, and a way to hang up once the task has ended. */
export interface AttachedIo extends TaskIo {
  close(): void
}

export interface TaskResult {
  exitCode: number
  timedOut: boolean
}

/**
 * Runs dynos. `apply` makes an app's dynos exactly the given specs: it starts
 * the missing ones and gracefully stops the rest (SIGTERM, then SIGKILL after
 * the stop timeout). Crashed dynos restart with Heroku's cool-off. The local
 * scheduler and (later) a Kubernetes one pass scheduler.contract.ts.
 */
export interface Scheduler {
  apply(appId: string, specs: readonly DynoSpec[]): Promise<Dyno[]>
  list(appId?: string): Dyno[]
  /** Resolves when the dyno is up; rejects with the reason when it crashes or times out first. */
  waitUntilUp(dynoId: string): Promise<void>
  /** Stops and starts the matching dynos again, on the same release (`ps:restart`). */
  restart(appId: string, match?: (dyno: Dyno) => boolean): Promise<void>
  /** Stops the matching dynos; the ones still wanted come back, as on Heroku (`ps:stop`). */
  stop(appId: string, match: (dyno: Dyno) => boolean): Promise<void>
  /**
   * Runs a one-off dyno to completion (release phase, `heroku run`). Its output
   * goes to the app's logs, or, with `io`, to an attached client instead.
   */
  runTask(spec: DynoSpec, options: { onLine?: (line: string) => void; timeoutMs: number; io?: TaskIo }): Promise<TaskResult>
  onChange(listener: (dyno: Dyno) => void): () => void
  /** Stops every dyno (server shutdown). */
  shutdown(): Promise<void>
}
