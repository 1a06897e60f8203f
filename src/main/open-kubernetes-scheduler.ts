import { KubeConfig } from '@kubernetes/client-node'
import type { BlobStore } from '../blobs/blob-store.js'
import { blobKeys } from '../blobs/blob-keys.js'
import { ConfigError, type Config, type KubernetesSettings } from '../config/load-config.js'
import type { LogSink } from '../logs/log-sink.js'
import type { RuntimeStore } from '../runtimes/runtime-store.js'
import { KubeApi } from '../scheduler/kubernetes/kube-api.js'
import { KubernetesScheduler } from '../scheduler/kubernetes/kubernetes-scheduler.js'
import type { KubernetesTarget } from '../scheduler/kubernetes/kubernetes-target.js'
import { SlugServer } from '../scheduler/swarm/slug-server.js'
import { packedRuntimes } from './packed-runtimes.js'

/** Web dynos listen here at their pod's own address: no two share an address, so one port serves all. */
const WEB_PORT = 5000

// What @kubernetes/client-node falls back to when no kubeconfig is found: an unauthenticated local
// API server. Berth refuses it rather than try it.
const CLIENT_FALLBACK = { context: 'loaded-context', cluster: 'cluster', server: 'http://localhost:8080' }

export interface KubernetesDynos {
  scheduler: KubernetesScheduler
  /** Stops serving slugs (after the scheduler has shut down; the dynos keep running on the cluster). */
  close(): Promise<void>
}

/**
 * The scheduler BERTH_SCHEDULER=kubernetes asks for (docs/kubernetes.md): dynos on the cluster the
 * usual kubeconfig names, pods fetching their slugs and the runtimes they run on from this machine
 * over capability URLs (ADR 0011, 0012).
 * Fails at start when the cluster does not answer or these credentials may not list pods in the namespace.
 */
export async function openKubernetesScheduler(
  config: Config,
  deps: { blobs: Pick<BlobStore, 'get'>; runtimeStore: Pick<RuntimeStore, 'archive'>; logs: LogSink; onError: (error: unknown, what: string) => void },
): Promise<KubernetesDynos> {
  const settings = config.runtime.kubernetes
  if (!settings) throw new ConfigError('BERTH_SCHEDULER=kubernetes has no settings')
  const api = new KubeApi(loadClusterConfig())
  await api.checkAccess(settings.namespace).catch((error: unknown) => {
    throw new ConfigError(`BERTH_SCHEDULER=kubernetes: cannot list pods in namespace ${settings.namespace}: ${describe(error)}`, { cause: error })
  })
  const runtimes = packedRuntimes(deps.runtimeStore)
  const slugServer = await SlugServer.listen({
    ...settings.slugAddress, archives: { get: (slugId) => deps.blobs.get(blobKeys.slug(slugId)), runtime: (ref) => runtimes.open(ref) },
  })
    .catch((error: unknown) => {
      throw new ConfigError(`BERTH_KUBERNETES_SLUG_ADDRESS: cannot listen on ${settings.slugAddress.host}:${settings.slugAddress.port}: ${describe(error)}`, { cause: error })
    })
  const scheduler = new KubernetesScheduler({
    api, target: kubernetesTarget(settings, config.runtime.stopTimeoutMs, slugServer.baseUrl), slugUrlOf: (spec) => slugServer.url(spec.slugId),
    // Packed (downloaded, the first time) before the URL is signed, so its 15 minutes are the pods', not the download's.
    runtimeOf: async (ref) => {
      const sha256 = await runtimes.sha256(ref)
      return { url: slugServer.runtimeUrl(ref), sha256 }
    },
    logs: deps.logs, bootTimeoutMs: config.runtime.bootTimeoutMs, onError: deps.onError,
  })
  return { scheduler, close: () => slugServer.close() }
}

/** The cluster as the operator configured it; the slug server's address is let through the fence. */
function kubernetesTarget(settings: KubernetesSettings, stopTimeoutMs: number, slugBaseUrl: string): KubernetesTarget {
  return {
    namespace: settings.namespace,
    stackImage: settings.stackImage,
    fetchImage: settings.stackImage,
    webPort: WEB_PORT,
    router: { namespace: settings.router.namespace, podLabels: { ...settings.router.podLabels } },
    privateCidrs: settings.privateCidrs,
    slugSourceCidrs: [`${new URL(slugBaseUrl).hostname}/32`],
    stopTimeoutMs,
  }
}

/** KUBECONFIG, else ~/.kube/config, else the pod's service account; never the client's unauthenticated fallback. */
function loadClusterConfig(): KubeConfig {
  const kubeconfig = new KubeConfig()
  try {
    kubeconfig.loadFromDefault()
  } catch (error) {
    throw new ConfigError(`BERTH_SCHEDULER=kubernetes: the kubeconfig does not load: ${describe(error)}`)
  }
  const cluster = kubeconfig.getCurrentCluster()
  const fallback = kubeconfig.getCurrentContext() === CLIENT_FALLBACK.context && cluster?.name === CLIENT_FALLBACK.cluster && cluster.server === CLIENT_FALLBACK.server
  if (!cluster || fallback) {
    throw new ConfigError('BERTH_SCHEDULER=kubernetes needs a cluster: set KUBECONFIG (its current context is used), or have ~/.kube/config, or run Berth in a pod with a service account')
  }
  return kubeconfig
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
