import { Writable } from 'node:stream'
import type { KubeConfig} from '@kubernetes/client-node';
import { KubernetesObjectApi, Log, PatchStrategy, Watch } from '@kubernetes/client-node'
import type { Manifest } from './kubernetes-target.js'
import { LABELS, MANAGED_BY } from './manifest-names.js'
import type { PodLike } from './read-pod.js'

/** The few calls the scheduler makes to an API server, over @kubernetes/client-node (auth, TLS, discovery come from the kubeconfig). */
export class KubeApi {
  readonly #objects: KubernetesObjectApi
  readonly #watch: Watch
  readonly #log: Log

  constructor(readonly config: KubeConfig) {
    this.#objects = KubernetesObjectApi.makeApiClient(config)
    this.#watch = new Watch(config)
    this.#log = new Log(config)
  }

  /** Server-side apply, as Berth's field manager: creates the object or makes it say exactly this. */
  async apply(manifest: Manifest): Promise<void> {
    await this.#objects.patch(toClientModel(manifest), undefined, undefined, 'berth', true, PatchStrategy.ServerSideApply)
  }

  /** Deletes an object (and what it owns, in the background); one already gone is fine. */
  async delete(header: Pick<Manifest, 'apiVersion' | 'kind'> & { metadata: { name: string; namespace: string } }, gracePeriodSeconds?: number): Promise<void> {
    try {
      await this.#objects.delete(header, undefined, undefined, gracePeriodSeconds, undefined, 'Background')
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error
    }
  }

  /** Lists one of Berth's pods in the namespace: proves the server answers and these credentials may list there. */
  async checkAccess(namespace: string): Promise<void> {
    await this.#objects.list('v1', 'Pod', namespace, undefined, undefined, undefined, undefined, `${LABELS.managedBy}=${MANAGED_BY}`, 1)
  }

  /**
   * Watches the pods a label selector picks, from their current state on (each watch starts with
   * an ADDED event per pod), and watches again when the server ends one. Returns the way to stop.
   */
  watchPods(namespace: string, labelSelector: string, onEvent: (type: string, pod: PodLike) => void, onError: (error: unknown) => void): () => void {
    let stopped = false
    let current: AbortController | null = null
    const start = () => {
      if (stopped) return
      this.#watch.watch(`/api/v1/namespaces/${namespace}/pods`, { labelSelector }, onEvent, (error: unknown) => {
        if (error && !stopped) onError(error)
        if (!stopped) setTimeout(start, error ? 1000 : 0).unref()
      }).then((controller) => {
        current = controller
        if (stopped) controller.abort()
      }, (error: unknown) => {
        if (!stopped) onError(error)
        if (!stopped) setTimeout(start, 1000).unref()
      })
    }
    start()
    return () => {
      stopped = true
      current?.abort()
    }
  }

  /** Follows a container's output line by line until it ends; resolves then. */
  async followLogs(namespace: string, pod: string, container: string, onLine: (line: string) => void): Promise<void> {
    let rest = ''
    await new Promise<void>((resolve, reject) => {
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          const lines = (rest + chunk.toString('utf8')).split('\n')
          rest = lines.pop() ?? ''
          for (const line of lines) onLine(line)
          done()
        },
        final(done) {
          if (rest) onLine(rest)
          done()
          resolve()
        },
      })
      this.#log.log(namespace, pod, container, sink, { follow: true }).catch(reject)
    })
  }
}

// The client serializes through its generated models, whose names differ from the wire's in a few
// places: a NetworkPolicy's ingress `from` is `_from` there, and would be dropped silently otherwise.
// The loopback test compares what reaches the API server with the planner's output.
function toClientModel(manifest: Manifest): Manifest {
  if (manifest.kind !== 'NetworkPolicy') return manifest
  const spec = manifest.spec as { ingress?: { from?: unknown }[] }
  return { ...manifest, spec: { ...spec, ingress: spec.ingress?.map(({ from, ...rule }) => ({ ...rule, _from: from })) } }
}
