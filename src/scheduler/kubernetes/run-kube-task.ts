import type { LogSink } from '../../logs/log-sink.js'
import type { DynoSpec, TaskIo, TaskResult } from '../scheduler.js'
import type { KubeApi } from './kube-api.js'
import type { KubernetesTarget } from './kubernetes-target.js'
import { DYNO_CONTAINER } from './manifest-names.js'
import { planTaskManifests, type SlugUrlOf } from './plan-manifests.js'
import { readPod, type PodLike } from './read-pod.js'
import { resolveRuntimeSources, type RuntimeOf } from './runtime-sources.js'

export interface KubeTaskContext {
  api: KubeApi
  target: KubernetesTarget
  slugUrlOf: SlugUrlOf
  runtimeOf?: RuntimeOf
  logs?: LogSink
  /** The scheduler's pod watch hands each task's pods to its entry here. */
  tasks: Map<string, (type: string, pod: PodLike) => void>
}

/**
 * Runs a task to completion: the release phase as a Job (backoffLimit 0), a one-off as a Pod, both
 * never restarted. Its output goes to the app's logs and `onLine`, or to an attached client's
 * terminal; the exit status is the container's. Past the timeout the task is deleted (status 137).
 */
export async function runKubeTask(context: KubeTaskContext, spec: DynoSpec, options: { onLine?: (line: string) => void; timeoutMs: number; io?: TaskIo }): Promise<TaskResult> {
  const { api, target } = context
  const runtimes = await resolveRuntimeSources([spec], context.runtimeOf)
  const planned = planTaskManifests(target, spec, context.slugUrlOf(spec), { timeoutMs: options.timeoutMs, runtimes })
  const set = planned.task.metadata.name
  const log = (source: 'app' | 'heroku', message: string) => context.logs?.write({ appId: spec.appId, source, process: spec.name, message, releaseVersion: spec.releaseVersion })
  let finish!: (exitCode: number, timedOut: boolean) => void
  const ended = new Promise<{ exitCode: number; timedOut: boolean }>((resolve) => { finish = (exitCode, timedOut) => resolve({ exitCode, timedOut }) })
  let output: Promise<void> | null = null
  context.tasks.set(set, (_type, pod) => {
    const reading = readPod(pod)
    if (!output && (reading.running || reading.exited)) {
      log('heroku', 'State changed from starting to up')
      output = api.followLogs(target.namespace, pod.metadata.name, DYNO_CONTAINER, (line) => {
        if (options.io) return void options.io.output.write(`${line}\n`)
        log('app', line)
        options.onLine?.(line)
      }).catch(() => {})
    }
    if (reading.exited) finish(reading.exited.exitCode, false)
  })
  const timer = setTimeout(() => finish(137, true), options.timeoutMs)
  try {
    for (const manifest of [...planned.secrets, planned.networkPolicy, planned.task]) await api.apply(manifest)
    log('heroku', `Starting process with command \`${spec.command}\``)
    const result = await ended
    if (result.timedOut) await api.delete(planned.task, 0)
    else await output
    log('heroku', `Process exited with status ${result.exitCode}`)
    log('heroku', 'State changed from up to complete')
    return result
  } finally {
    clearTimeout(timer)
    context.tasks.delete(set)
    // A Job stays for `ttlSecondsAfterFinished` for whoever wants to look; a one-off's Pod goes now.
    if (planned.task.kind === 'Pod') await api.delete(planned.task).catch(() => {})
  }
}
