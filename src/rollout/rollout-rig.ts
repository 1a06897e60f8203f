import type { LogLine } from '../logs/log-sink.js'
import type { Endpoint } from '../router/route-source.js'
import { FakeScheduler } from '../scheduler/fake/fake-scheduler.js'
import type { FakeProgramOf } from '../scheduler/fake/fake-program.js'
import { Fleet } from './fleet.js'
import { GoLive } from './go-live.js'
import { MemoryRolloutStore } from './memory-rollout-store.js'
import { RolloutQueue } from './rollout-queue.js'
import { RouteTable } from './route-table.js'
import { SchedulerRuntime } from './scheduler-runtime.js'

export const RIG_TIMEOUTS = { bootTimeoutMs: 200, stopTimeoutMs: 200 }

export interface RigOptions {
  /** A store another rig used: this one starts as a restarted server would. */
  store?: MemoryRolloutStore
  program?: FakeProgramOf
  /** The router's drain (default: nothing in flight). */
  drain?: (endpoints: readonly Endpoint[], timeoutMs: number) => Promise<void>
}

/** The rollout's parts wired as `server.ts` wires them, on a FakeScheduler and a store in memory, for fast tests. */
export function openRig(options: RigOptions = {}) {
  const store = options.store ?? new MemoryRolloutStore()
  const lines: LogLine[] = []
  const logs = { write: (line: LogLine) => lines.push(line) }
  const errors: string[] = []
  const onError = (_error: unknown, what: string) => { errors.push(what) }
  const releaseOutput = new Map<string, string[]>()
  const scheduler = new FakeScheduler({ logs, program: options.program, ...RIG_TIMEOUTS, onError })
  const routes = new RouteTable({ store, scheduler, domain: 'localhost' })
  const fleet = new Fleet()
  const drains: { endpoints: readonly Endpoint[]; timeoutMs: number }[] = []
  const drainer = {
    drain: (endpoints: readonly Endpoint[], timeoutMs: number) => {
      drains.push({ endpoints, timeoutMs })
      return options.drain?.(endpoints, timeoutMs) ?? Promise.resolve()
    },
  }
  const output = {
    append: (releaseId: string, line: string) => { releaseOutput.set(releaseId, [...releaseOutput.get(releaseId) ?? [], line]) },
    finish: async () => undefined,
  }
  const goLive = new GoLive({ store, scheduler, routes, fleet, drainer, logs, releaseOutput: output, stopTimeoutMs: RIG_TIMEOUTS.stopTimeoutMs, releasePhaseTimeoutMs: 1000, onError })
  const rollout = new RolloutQueue({ goLive: (release) => goLive.release(release), store, logs, onError })
  const runtime = new SchedulerRuntime({ store, scheduler, routes, fleet, goLive, rollout, logs, onError })
  /** The release versions the app's route sends requests to now. */
  const servingVersions = () => {
    const ports = routes.lookup('demo.localhost')?.backends.map((b) => b.port) ?? []
    return [...new Set(scheduler.list('a1').filter((d) => d.port !== null && ports.includes(d.port)).map((d) => d.releaseVersion))]
  }
  /** The app's dynos of one release, by their state. */
  const dynosOf = (version: number) => scheduler.list('a1').filter((d) => d.releaseVersion === version && d.type !== 'release')
  const messages = () => lines.map((l) => `${l.process} v${l.releaseVersion}: ${l.message}`)
  return { store, scheduler, routes, fleet, goLive, rollout, runtime, lines, messages, errors, drains, releaseOutput, servingVersions, dynosOf, close: () => scheduler.shutdown() }
}
