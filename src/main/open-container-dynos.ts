import { join } from 'node:path'
import type { Config } from '../config/load-config.js'
import type { NetworkFence } from '../sandbox/network-fence.js'
import { ContainerDynos } from '../scheduler/docker/container-dynos.js'
import { DockerEngine } from '../scheduler/docker/docker-engine.js'
import type { LocalSchedulerOptions } from '../scheduler/local/local-scheduler.js'

// The dyno user when Berth cannot name one (the sandbox's user): Debian's nobody.
const NOBODY = { uid: 65534, gid: 65534 }

/**
 * With BERTH_SCHEDULER=docker, the launcher that makes each dyno a container (ADR 0011); null for
 * local dynos. Refuses to start without the network fence: its rules are what keep containers away
 * from the host's services.
 */
export async function openContainerDynos(
  config: Config,
  deps: { fence: NetworkFence | null; user: { uid: number; gid: number } | null; serverTag: string } & Pick<LocalSchedulerOptions, 'slugs' | 'runtimes'>,
): Promise<ContainerDynos | null> {
  if (config.runtime.scheduler !== 'docker') return null
  if (!deps.fence) throw new Error('BERTH_SCHEDULER=docker needs the network fence (BERTH_DYNO_NETWORK auto or a range, Berth running as root): without it, containers could reach the services on this machine')
  const engine = await DockerEngine.connect(config.runtime.docker.host, join(config.build.workDir, 'docker-config'))
    .catch((error: Error) => { throw new Error(`BERTH_SCHEDULER=docker: ${error.message}`, { cause: error }) })
  return ContainerDynos.open({
    engine, serverTag: deps.serverTag, network: config.runtime.docker.network, user: deps.user ?? NOBODY, slugs: deps.slugs, runtimes: deps.runtimes,
  })
}
