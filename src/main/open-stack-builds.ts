import { join } from 'node:path'
import type { BuildSteps } from '../build/build-steps.js'
import { buildTools, ContainerSteps } from '../build/container-steps.js'
import type { Config } from '../config/load-config.js'
import type { NetworkFence } from '../sandbox/network-fence.js'
import { ensureBridgeNetwork } from '../scheduler/docker/bridge-network.js'
import type { DockerEngine } from '../scheduler/docker/docker-engine.js'

/** Builds in containers of the stack image, and how to let go of their network. */
export interface StackBuilds {
  steps: BuildSteps
  /** Removes the step containers still running and the builds' network; leaves the engine open. */
  close(): Promise<void>
}

/**
 * Each build step as a container of `image` on `engine` (this machine's), for the schedulers whose
 * dynos run in that image elsewhere (`swarm`, `kubernetes`): buildpacks compile against the OS the
 * dynos run on (ADR 0012). Throws, unprefixed (the caller names its setting), when it cannot.
 */
export async function openStackBuilds(
  config: Config,
  deps: { engine: DockerEngine; image: string; fence: NetworkFence | null; user: { uid: number; gid: number } | null; serverTag: string },
): Promise<StackBuilds> {
  const { engine, image, serverTag } = deps
  // The fence's rules are what close the builds' bridge off from this machine's services.
  if (!deps.fence || !deps.user) throw new Error('builds run in the stack image as the build user, on a network the network fence closes off from this machine\'s services: they need both (Berth running as root, BERTH_DYNO_NETWORK auto or a range)')
  // Steps run with --pull never (a build never waits on a registry): without the image every build would fail.
  if ((await engine.run(['image', 'inspect', '--format', '{{.Id}}', image])).code !== 0) {
    throw new Error(`the stack image ${image} is not on the Docker Engine at ${engine.host}, where builds run in it: pull or load it there, or make one with berth stack:build`)
  }
  const network = `berth-builds-${serverTag}`
  await ensureBridgeNetwork(engine, { name: network, bridge: `bhb${serverTag.slice(0, 8)}`, subnet: config.runtime.docker.network, serverTag, what: 'the builds\' network' })
  const steps = new ContainerSteps({ engine, image, network, serverTag, user: deps.user, tools: await buildTools(join(config.build.workDir, 'build-tools')) })
  // What a killed server left running goes before anything new starts.
  await steps.sweep()
  return {
    steps,
    close: () => steps.sweep().then(() => engine.run(['network', 'rm', network])).then(() => {}, () => {}),
  }
}
