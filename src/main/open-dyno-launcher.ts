import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import type { BlobStore } from '../blobs/blob-store.js'
import { blobKeys } from '../blobs/blob-keys.js'
import type { Config } from '../config/load-config.js'
import { parseRuntimeRef, type RuntimeRef, type RuntimeStore } from '../runtimes/runtime-store.js'
import type { NetworkFence } from '../sandbox/network-fence.js'
import { ContainerDynos } from '../scheduler/docker/container-dynos.js'
import { DockerEngine } from '../scheduler/docker/docker-engine.js'
import type { LocalSchedulerOptions } from '../scheduler/local/local-scheduler.js'
import { EngineApi } from '../scheduler/docker/engine-api.js'
import { loadNodeFence, nodeFenceRules, removeNodeFence, swarmNodeAddresses } from '../scheduler/swarm/node-fence.js'
import { SlugServer } from '../scheduler/swarm/slug-server.js'
import { SwarmDynos } from '../scheduler/swarm/swarm-dynos.js'

// The dyno user when Berth cannot name one (the sandbox's user): Debian's nobody.
const NOBODY = { uid: 65534, gid: 65534 }

/** What makes each dyno's process when dynos do not run in local sandboxes, and how to let go of it. */
export interface DynoLauncher {
  launch: NonNullable<LocalSchedulerOptions['launcher']>
  close(): Promise<void>
}

/**
 * The launcher BERTH_SCHEDULER asks for: containers on this machine's engine (`docker`, ADR 0011),
 * Swarm services across the swarm's nodes (`swarm`, ADR 0012), or null for local sandboxes.
 */
export async function openDynoLauncher(
  config: Config,
  deps: {
    fence: NetworkFence | null; user: { uid: number; gid: number } | null; serverTag: string; blobs: Pick<BlobStore, 'get'>
    runtimeStore: Pick<RuntimeStore, 'archive'>
  } & Pick<LocalSchedulerOptions, 'slugs' | 'runtimes'>,
): Promise<DynoLauncher | null> {
  const { scheduler, docker, swarm, stopTimeoutMs } = config.runtime
  if (scheduler === 'local') return null
  // Containers on this machine are kept from its services by the fence's rules; Swarm dynos live on overlay networks instead.
  if (scheduler === 'docker' && !deps.fence) throw new Error('BERTH_SCHEDULER=docker needs the network fence (BERTH_DYNO_NETWORK auto or a range, Berth running as root): without it, containers could reach the services on this machine')
  const engine = await DockerEngine.connect(docker.host, join(config.build.workDir, 'docker-config'))
    .catch((error: Error) => { throw new Error(`BERTH_SCHEDULER=${scheduler}: ${error.message}`, { cause: error }) })
  if (scheduler === 'docker') {
    return ContainerDynos.open({ engine, serverTag: deps.serverTag, network: docker.network, user: deps.user ?? NOBODY, slugs: deps.slugs, runtimes: deps.runtimes })
  }
  // Only what the store already packed is served: a URL is issued after the archive is made.
  const packed = async (ref: string) => deps.runtimeStore.archive(runtimeRef(ref))
  const slugServer = await SlugServer.listen({
    ...swarm.slugAddress!,
    archives: {
      get: (slugId) => deps.blobs.get(blobKeys.slug(slugId)),
      runtime: async (ref) => createReadStream((await packed(ref)).path),
    },
  })
  try {
    const nodeAddresses = await swarmNodeAddresses(EngineApi.at(engine.host)).catch(() => [])
    await loadNodeFence(nodeFenceRules({ dynoPorts: config.runtime.dynoPorts, slugServer: { host: swarm.slugAddress!.host, port: slugServer.port }, berthMachine: true, nodeAddresses }))
    const dynos = await SwarmDynos.open({
      engine, serverTag: deps.serverTag, image: swarm.stackImage!, slugUrl: (slugId) => slugServer.url(slugId), user: deps.user ?? NOBODY, stopTimeoutMs,
      runtime: async (ref) => ({ url: slugServer.runtimeUrl(ref), sha256: (await packed(ref)).sha256 }),
    })
    return { launch: dynos.launch, close: () => dynos.close().finally(() => Promise.all([slugServer.close(), removeNodeFence()])).then(() => {}) }
  } catch (error) {
    await removeNodeFence()
    await slugServer.close()
    await engine.close()
    throw new Error(`BERTH_SCHEDULER=swarm: ${(error as Error).message}`, { cause: error })
  }
}

function runtimeRef(text: string): RuntimeRef {
  const ref = parseRuntimeRef(text)
  if (!ref) throw new Error(`${text} is not a runtime Berth provides`)
  return ref
}
