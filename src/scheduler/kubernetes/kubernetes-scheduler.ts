import type { LogSink } from '../../logs/log-sink.js'
import { R15_MESSAGE } from '../plan-dyno-env.js'
import type { Dyno, DynoSpec, Scheduler, TaskIo, TaskResult } from '../scheduler.js'
import type { KubeApi } from './kube-api.js'
import { KubeDyno } from './kube-dyno.js'
import type { KubernetesTarget, Manifest } from './kubernetes-target.js'
import { deploymentName, DYNO_CONTAINER, LABELS, MANAGED_BY, objectName } from './manifest-names.js'
import { planAppManifests, type SlugUrlOf } from './plan-manifests.js'
import { readPod, type PodLike } from './read-pod.js'
import { runKubeTask } from './run-kube-task.js'
import { resolveRuntimeSources, type RuntimeOf } from './runtime-sources.js'

export interface KubernetesSchedulerOptions {
  api: KubeApi
  target: KubernetesTarget
  /** Issues the capability URL each pod downloads its slug from (ADR 0011). */
  slugUrlOf: SlugUrlOf
  /**
   * Issues the capability URL and sha256 of a runtime from Berth's store that a slug runs on
   * (`spec.runtimes`, ADR 0012). Without it, a spec that names a runtime is refused.
   */
  runtimeOf?: RuntimeOf
  logs?: LogSink
  bootTimeoutMs: number
  onError?: (error: unknown, what: string) => void
}

const header = (manifest: Manifest) => ({ apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: { name: manifest.metadata.name, namespace: manifest.metadata.namespace } })

/**
 * Dynos on a Kubernetes cluster: each process type of a release is a Deployment (docs/kubernetes.md).
 * Objects are applied server-side; one watch on the namespace's pods turns the kubelet's reports into
 * Heroku's states (CrashLoopBackOff is crashed, OOMKilled is R15, never ready before the boot
 * timeout is R10) and each container's output into the dyno's log lines.
 */
export class KubernetesScheduler implements Scheduler {
  readonly #dynos = new Map<string, KubeDyno>()
  /** Each pod's dyno, kept for its log lines after a restart has let the dyno go. */
  readonly #podDyno = new Map<string, KubeDyno>()
  readonly #deployments = new Map<string, Manifest & { appId: string }>()
  readonly #tasks = new Map<string, (type: string, pod: PodLike) => void>()
  readonly #appNames = new Map<string, string>()
  readonly #listeners = new Set<(dyno: Dyno) => void>()
  #stopWatch: (() => void) | null = null

  constructor(private readonly options: KubernetesSchedulerOptions) {}

  async apply(appId: string, specs: readonly DynoSpec[]): Promise<Dyno[]> {
    // Before anything is applied: a runtime the store must download first, or cannot deliver, holds up (or refuses) the whole apply.
    const runtimes = await resolveRuntimeSources(specs, this.options.runtimeOf)
    this.#watch()
    const { api, target } = this.options
    const planned = planAppManifests(target, specs, this.options.slugUrlOf, runtimes)
    for (const manifest of [...planned.secrets, planned.networkPolicy, planned.service, ...planned.deployments]) if (manifest) await api.apply(manifest)
    const wanted = new Set(planned.deployments.map((d) => d.metadata.name))
    for (const deployment of planned.deployments) this.#deployments.set(deployment.metadata.name, { ...deployment, appId })
    for (const [name, deployment] of this.#deployments) {
      if (deployment.appId !== appId || wanted.has(name)) continue
      this.#deployments.delete(name)
      for (const d of this.#dynosOf(appId).filter((dyno) => dyno.set === name)) this.#stop(d)
      await api.delete(header(deployment))
    }
    const result = specs.map((spec) => {
      const set = deploymentName(spec)
      const id = `${set}/${spec.name}`
      const d = this.#dynos.get(id) ?? this.#add(new KubeDyno(spec, set, this.options.logs, (dyno) => this.#changed(dyno)))
      return { ...d.dyno }
    })
    const appName = specs[0]?.appName ?? this.#appNames.get(appId)
    if (specs[0]) this.#appNames.set(appId, specs[0].appName)
    // The Service and the fence go with the app's last dyno (the fence outlives the dynos' pods: they are still stopping).
    if (specs.length === 0 && appName) {
      await api.delete({ apiVersion: 'v1', kind: 'Service', metadata: { name: objectName(appName, 'web'), namespace: target.namespace } })
    }
    return result
  }

  list(appId?: string): Dyno[] {
    return [...this.#dynos.values()].filter((d) => appId === undefined || d.spec.appId === appId).map((d) => ({ ...d.dyno }))
  }

  waitUntilUp(dynoId: string): Promise<void> {
    return this.#dynos.get(dynoId)?.waitUntilUp() ?? Promise.reject(new Error('the dyno is gone'))
  }

  /** Deletes the dynos' pods gracefully; their Deployments start new ones, which take the same dynos. */
  async restart(appId: string, match: (dyno: Dyno) => boolean = () => true): Promise<void> {
    for (const d of this.#dynosOf(appId).filter((dyno) => !dyno.stopping && match(dyno.dyno))) {
      d.log('heroku', 'Restarting')
      const pod = d.pod
      d.pod = null
      d.containerId = null
      d.setState('starting')
      this.#armBootTimer(d)
      if (!pod) continue
      d.log('heroku', 'Stopping all processes with SIGTERM')
      await this.options.api.delete({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, namespace: this.options.target.namespace } })
    }
  }

  stop(appId: string, match: (dyno: Dyno) => boolean): Promise<void> {
    // Heroku compat: a stopped dyno of a scaled process type is started again (its Deployment does).
    return this.restart(appId, match)
  }

  runTask(spec: DynoSpec, options: { onLine?: (line: string) => void; timeoutMs: number; io?: TaskIo }): Promise<TaskResult> {
    this.#watch()
    return runKubeTask({ ...this.options, tasks: this.#tasks }, spec, options)
  }

  onChange(listener: (dyno: Dyno) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Stops watching. The dynos keep running on the cluster: a server that starts again applies the same Deployments and takes their pods back. */
  async shutdown(): Promise<void> {
    this.#stopWatch?.()
    this.#stopWatch = null
    for (const d of this.#dynos.values()) d.clearBootTimer()
  }

  #watch(): void {
    if (this.#stopWatch) return
    const { api, target } = this.options
    this.#stopWatch = api.watchPods(target.namespace, `${LABELS.managedBy}=${MANAGED_BY}`, (type, pod) => {
      try {
        this.#onPod(type, pod)
      } catch (error) {
        this.#onError(error, 'could not follow a pod')
      }
    }, (error) => this.#onError(error, 'the watch of the pods failed'))
  }

  #onPod(type: string, pod: PodLike): void {
    const name: string = pod.metadata.name
    const set: string = pod.metadata.labels?.[LABELS.set] ?? ''
    const task = this.#tasks.get(set)
    if (task) return task(type, pod)
    let d = [...this.#dynos.values()].find((dyno) => dyno.pod === name)
    if (!d && type === 'DELETED') {
      const gone = this.#podDyno.get(name)
      this.#podDyno.delete(name)
      if (gone?.stopping && gone.pod === null && ![...this.#podDyno.values()].includes(gone)) this.#remove(gone)
      return
    }
    if (!d) {
      if (this.#podDyno.has(name) || pod.metadata.deletionTimestamp) return this.#observeExit(this.#podDyno.get(name), pod)
      d = [...this.#dynos.values()].find((dyno) => dyno.set === set && dyno.pod === null && !dyno.stopping)
      if (!d) return
      d.pod = name
      this.#podDyno.set(name, d)
      if (d.dyno.state !== 'starting') d.setState('starting')
      this.#armBootTimer(d)
    }
    if (type === 'DELETED') {
      d.pod = null
      this.#podDyno.delete(name)
      if (d.stopping) this.#remove(d)
      return
    }
    this.#observe(d, pod)
  }

  #observe(d: KubeDyno, pod: PodLike): void {
    const reading = readPod(pod)
    this.#observeExit(d, pod)
    if (reading.running && reading.running.containerId !== d.containerId) {
      d.containerId = reading.running.containerId
      if (d.dyno.state === 'crashed') d.setState('starting')
      d.log('heroku', `Starting process with command \`${d.spec.command}\``)
      this.#armBootTimer(d)
      const podName = pod.metadata.name as string
      this.options.api.followLogs(this.options.target.namespace, podName, DYNO_CONTAINER, (line) => (this.#podDyno.get(podName) ?? d).log('app', line))
        .catch((error: unknown) => this.#onError(error, `could not follow the output of ${d.spec.name}`))
    }
    if (d.stopping || !reading.running) return
    const isWeb = d.spec.type === 'web'
    if (d.dyno.state === 'starting' && (!isWeb || reading.ready)) {
      d.dyno.host = reading.podIp ?? ''
      d.dyno.port = isWeb ? this.options.target.webPort : null
      d.setState('up')
    }
  }

  /** Reports a run that ended once: R15 when the kernel killed it for memory, R12 when it outlived its grace period. */
  #observeExit(d: KubeDyno | undefined, pod: PodLike): void {
    const exited = readPod(pod).exited
    if (!d || !exited || exited.containerId === d.exitedId || (d.containerId !== null && exited.containerId !== d.containerId)) return
    d.exitedId = exited.containerId
    if (exited.reason === 'OOMKilled') d.log('heroku', R15_MESSAGE)
    if (d.stopping && exited.exitCode === 137) {
      d.log('heroku', `Error R12 (Exit timeout) -> At least one process failed to exit within ${Math.round(this.options.target.stopTimeoutMs / 1000)} seconds of SIGTERM`)
      d.log('heroku', 'Stopping remaining processes with SIGKILL')
    }
    d.log('heroku', `Process exited with status ${exited.exitCode}`)
    if (d.stopping || d.pod !== pod.metadata.name) return
    d.failure ??= `the process exited with status ${exited.exitCode}`
    d.setState('crashed')
  }

  #armBootTimer(d: KubeDyno): void {
    if (d.spec.type !== 'web' || d.bootTimer) return
    const { bootTimeoutMs } = this.options
    d.bootTimer = setTimeout(() => {
      d.bootTimer = null
      if (d.dyno.state !== 'starting' || d.stopping) return
      d.failure = `Error R10 (Boot timeout) -> Web process failed to bind to $PORT within ${Math.round(bootTimeoutMs / 1000)} seconds of launch`
      d.log('heroku', d.failure)
      d.log('heroku', 'Stopping process with SIGKILL')
      d.setState('crashed')
      const pod = d.pod
      d.pod = null
      d.containerId = null
      if (pod) this.options.api.delete({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, namespace: this.options.target.namespace } }, 0)
        .catch((error: unknown) => this.#onError(error, `could not stop ${d.spec.name}`))
    }, bootTimeoutMs)
    d.bootTimer.unref()
  }

  #stop(d: KubeDyno): void {
    d.stopping = true
    d.clearBootTimer()
    if (!d.pod) return this.#remove(d)
    d.log('heroku', 'Stopping all processes with SIGTERM')
  }

  #remove(d: KubeDyno): void {
    if (!this.#dynos.delete(d.dyno.id)) return
    d.setState('down')
  }

  #add(d: KubeDyno): KubeDyno {
    this.#dynos.set(d.dyno.id, d)
    return d
  }

  #dynosOf(appId: string): KubeDyno[] {
    return [...this.#dynos.values()].filter((d) => d.spec.appId === appId)
  }

  #changed(dyno: Dyno): void {
    for (const listener of this.#listeners) listener(dyno)
  }

  #onError(error: unknown, what: string): void {
    // Once shut down, what breaks is the watch and the log streams it closed.
    if (!this.#stopWatch) return
    if (!this.options.onError) throw error
    this.options.onError(error, what)
  }
}
