import { join } from 'node:path'
import type { BlobStore } from '../blobs/blob-store.js'
import { blobKeys } from '../blobs/blob-keys.js'
import type { Config } from '../config/load-config.js'
import type { RuntimeStore } from '../runtimes/runtime-store.js'
import type { BuildSteps } from '../build/build-steps.js'
import type { NetworkFence } from '../sandbox/network-fence.js'
import { ContainerDynos } from '../scheduler/docker/container-dynos.js'
import { DockerEngine } from '../scheduler/docker/docker-engine.js'
import type { LocalSchedulerOptions } from '../scheduler/local/local-scheduler.js'
import { EngineApi } from '../scheduler/docker/engine-api.js'
import { AddonRelay, addonServersToRelay } from '../scheduler/swarm/addon-relay.js'
import { loadNodeFence, nodeFenceRules, removeNodeFence, swarmDynoSources, swarmNodeAddresses } from '../scheduler/swarm/node-fence.js'
import { MemoryMeter } from '../scheduler/swarm/memory-meter.js'
import { SlugServer } from '../scheduler/swarm/slug-server.js'
import { SwarmDynos } from '../scheduler/swarm/swarm-dynos.js'
import { startVolumeSweeper } from '../scheduler/swarm/volume-sweeper.js'
import { openStackBuilds, type StackBuilds } from './open-stack-builds.js'
import { packedRuntimes } from './packed-runtimes.js'

// The dyno user when Berth cannot name one (the sandbox's user): Debian's nobody.
const NOBODY = { uid: 65534, gid: 65534 }

/** What makes each dyno's process when dynos do not run in local sandboxes, and how to let go of it. */
export interface DynoLauncher {
  launch: NonNullable<LocalSchedulerOptions['launcher']>
  /** Where builds run when the dynos' OS is not this machine's: the stack image. */
  buildSteps?: BuildSteps
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
  const packed = packedRuntimes(deps.runtimeStore)
  const slugServer = await SlugServer.listen({
    ...swarm.slugAddress!,
    archives: {
      get: (slugId) => deps.blobs.get(blobKeys.slug(slugId)),
      runtime: (ref) => packed.open(ref),
    },
  })
  let builds: StackBuilds | null = null
  let relay: AddonRelay | null = null
  let meter: MemoryMeter | null = null
  let sweeper: { close(): Promise<void> } | null = null
  try {
    // The add-on servers on this machine's loopback, for dynos on every node.
    relay = await AddonRelay.listen({ host: swarm.slugAddress!.host, servers: addonServersToRelay(config.addons), admits: swarmDynoSources(EngineApi.at(engine.host)) })
    // Builds run in the stack image, on a bridge the fence closes off from this machine's services.
    builds = await openStackBuilds(config, { engine, image: swarm.stackImage!, fence: deps.fence, user: deps.user, serverTag: deps.serverTag })
    const nodeAddresses = await swarmNodeAddresses(EngineApi.at(engine.host)).catch(() => [])
    const slugAddress = { host: swarm.slugAddress!.host, port: slugServer.port }
    await loadNodeFence(nodeFenceRules({ dynoPorts: config.runtime.dynoPorts, slugServer: slugAddress, addonPorts: relay.ports, berthMachine: true, nodeAddresses }))
    meter = await MemoryMeter.start({ api: EngineApi.at(engine.host), image: swarm.stackImage!, serverTag: deps.serverTag })
    // The nodes keep the slugs and runtimes their dynos run on, and drop the rest.
    sweeper = await startVolumeSweeper({ api: EngineApi.at(engine.host), image: swarm.stackImage!, serverTag: deps.serverTag })
    // Dynos run as the build user, whom openStackBuilds has made sure of.
    const dynos = await SwarmDynos.open({
      engine, serverTag: deps.serverTag, image: swarm.stackImage!, slugUrl: (slugId) => slugServer.url(slugId), user: deps.user!, stopTimeoutMs,
      runtime: async (ref) => ({ url: slugServer.runtimeUrl(ref), sha256: await packed.sha256(ref) }), addonAddress: relay.addressOf, meter,
      operatorRuntimes: config.build.runtimesDir,
    })
    const close = async () => {
      await builds?.close()
      await meter?.close()
      await sweeper?.close()
      await dynos.close().finally(() => Promise.all([slugServer.close(), relay?.close(), removeNodeFence()]))
    }
    return { launch: dynos.launch, buildSteps: builds.steps, close }
  } catch (error) {
    await builds?.close()
    await meter?.close()
    await sweeper?.close()
    await removeNodeFence()
    await relay?.close()
    await slugServer.close()
    await engine.close()
    throw new Error(`BERTH_SCHEDULER=swarm: ${(error as Error).message}`, { cause: error })
  }
}
