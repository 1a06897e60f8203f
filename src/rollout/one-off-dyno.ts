import { randomInt } from 'node:crypto'
import type { Account } from '../core/accounts/account.js'
import type { Release } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { LogSink } from '../logs/log-sink.js'
import type { AttachedIo, Dyno, DynoSpec, Scheduler } from '../scheduler/scheduler.js'
import { logApiEvent } from './api-event.js'
import type { AppInfo } from './compute-route.js'
import { planTask } from './plan-dynos.js'

export interface OneOffOptions {
  scheduler: Pick<Scheduler, 'runTask' | 'list'>
  logs: LogSink
}

/** What a one-off dyno runs on: the app's serving release and its slug. */
export interface OneOffTarget {
  app: AppInfo
  release: Release
  slug: Slug
}

const ONE_OFF_TIMEOUT_MS = 24 * 3_600_000

/**
 * Starts a one-off `run.NNNN` dyno (`heroku run`). Detached, its output goes to the logs and this
 * resolves with the dyno once the scheduler lists it; with `attach`, it starts once that client
 * connects and talks to it instead.
 */
export async function startOneOff(options: OneOffOptions, target: OneOffTarget, command: string, caller: Account, attach?: Promise<AttachedIo>): Promise<Dyno> {
  const { scheduler, logs } = options
  const { app, release, slug } = target
  const name = `run.${randomInt(1000, 10000)}`
  const spec = planTask(app, release, slug, { name, type: 'run', command })
  const couldNotRun = (error: unknown) => logApiEvent(logs, app.id, `${name} could not run: ${(error as Error).message}`, spec.releaseVersion)
  logApiEvent(logs, app.id, `Starting process with command \`${command}\` by user ${caller.email}`, release.version)
  if (attach) {
    runAttached(options, spec, attach).catch(couldNotRun)
    return pendingDyno(spec)
  }
  scheduler.runTask(spec, { timeoutMs: ONE_OFF_TIMEOUT_MS }).catch(couldNotRun)
  // The task is listed once its slug is ready; answer with that dyno, or what it will be.
  for (let i = 0; i < 50; i++) {
    const listed = scheduler.list(app.id).find((dyno) => dyno.name === name)
    if (listed) return listed
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return pendingDyno(spec)
}

/**
 * Runs a `<type>.NNNN` dyno (app.json's `postdeploy`) to its end and resolves with how it ended;
 * its lines go to the logs, as any dyno's, and to `onLine`.
 */
export async function runScriptDyno(
  options: OneOffOptions, target: OneOffTarget, command: string, caller: Account, run: { type: string; onLine: (line: string) => void; timeoutMs: number },
): Promise<{ exitCode: number; timedOut: boolean }> {
  const { app, release, slug } = target
  const spec = planTask(app, release, slug, { name: `${run.type}.${randomInt(1000, 10000)}`, type: run.type, command })
  logApiEvent(options.logs, app.id, `Starting process with command \`${command}\` by user ${caller.email}`, release.version)
  return options.scheduler.runTask(spec, { timeoutMs: run.timeoutMs, onLine: run.onLine })
}

/** The dyno starts once its client is attached, and talks to it instead of the logs. */
async function runAttached(options: OneOffOptions, spec: DynoSpec, attach: Promise<AttachedIo>): Promise<void> {
  let io: AttachedIo
  try {
    io = await attach
  } catch (error) {
    logApiEvent(options.logs, spec.appId, `${spec.name} was not started: ${(error as Error).message}`, spec.releaseVersion)
    return
  }
  try {
    await options.scheduler.runTask(spec, { timeoutMs: ONE_OFF_TIMEOUT_MS, io })
  } finally {
    io.close()
  }
}

/** A one-off dyno as the API reports it before the scheduler lists it. */
function pendingDyno(spec: DynoSpec): Dyno {
  const now = new Date()
  return {
    id: `${spec.releaseId}:${spec.name}`, appId: spec.appId, name: spec.name, type: spec.type, releaseId: spec.releaseId,
    releaseVersion: spec.releaseVersion, generation: 0, command: spec.command, size: spec.size, state: 'starting', host: '127.0.0.1', port: null, createdAt: now, updatedAt: now,
  }
}
