import { randomInt } from 'node:crypto'
import type { Release } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { LogSink } from '../logs/log-sink.js'
import type { Scheduler } from '../scheduler/scheduler.js'
import { logApiEvent } from './api-event.js'
import type { AppInfo } from './compute-route.js'
import { planTask } from './plan-dynos.js'

/** Where release-phase output goes, for the release's `output_stream_url`. */
export interface ReleaseOutput {
  append(releaseId: string, line: string): void
  finish(releaseId: string): Promise<void>
}

export interface ReleasePhaseOptions {
  scheduler: Pick<Scheduler, 'runTask'>
  releaseOutput: ReleaseOutput
  logs: LogSink
  timeoutMs: number
}

/**
 * Runs the slug's `release:` command as a one-off `release.NNNN` dyno with the new slug and config.
 * Rejects when it exits non-zero (or times out): the release must not go live.
 */
export async function runReleasePhase(options: ReleasePhaseOptions, app: AppInfo, release: Release, slug: Slug): Promise<void> {
  const command = slug.processTypes.release!
  const name = `release.${randomInt(1000, 10000)}`
  logApiEvent(options.logs, release.appId, `Running release v${release.version} commands by user ${release.actor.email}`, release.version)
  const spec = planTask(app, release, slug, { name, type: 'release', command })
  const result = await options.scheduler.runTask(spec, { timeoutMs: options.timeoutMs, onLine: (line) => options.releaseOutput.append(release.id, line) })
  await options.releaseOutput.finish(release.id)
  if (result.exitCode !== 0) {
    logApiEvent(options.logs, release.appId, `Release v${release.version} command failed by user ${release.actor.email}`, release.version)
    throw new Error(`the release command exited with status ${result.exitCode}`)
  }
}
