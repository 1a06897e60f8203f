import { join } from 'node:path'
import { ConfigError, type Config } from '../config/load-config.js'
import type { NetworkFence } from '../sandbox/network-fence.js'
import { DockerEngine } from '../scheduler/docker/docker-engine.js'
import { openStackBuilds, type StackBuilds } from './open-stack-builds.js'

/**
 * Where BERTH_SCHEDULER=kubernetes builds (BERTH_KUBERNETES_BUILDS): containers of the stack image on
 * this machine's Docker Engine, as for Swarm, or null for the local sandbox. Not cluster Jobs: the
 * build's workspace and caches are on this machine. Fails at start, naming the way out, when it cannot.
 */
export async function openKubernetesBuilds(
  config: Config,
  deps: { fence: NetworkFence | null; user: { uid: number; gid: number } | null; serverTag: string },
): Promise<StackBuilds | null> {
  const settings = config.runtime.kubernetes
  if (!settings || settings.builds === 'local') return null
  let engine: DockerEngine | null = null
  try {
    engine = await DockerEngine.connect(config.runtime.docker.host, join(config.build.workDir, 'docker-config'))
    const builds = await openStackBuilds(config, { engine, image: settings.stackImage, ...deps })
    const opened = engine
    return { steps: builds.steps, close: () => builds.close().finally(() => opened.close()) }
  } catch (error) {
    await engine?.close()
    throw new ConfigError(
      `BERTH_KUBERNETES_BUILDS=docker (the default) runs each build step in a container of ${settings.stackImage} on this machine's Docker Engine, and cannot: `
      + `${(error as Error).message}. Fix that, or set BERTH_KUBERNETES_BUILDS=local to build in the sandbox on this machine (slugs are then built against this machine's OS, not the stack image's)`,
      { cause: error },
    )
  }
}
