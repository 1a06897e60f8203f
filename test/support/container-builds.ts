import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { buildTools, ContainerSteps } from '../../src/build/container-steps.js'
import { formatIpv4, parseIpv4Network } from '../../src/core/net/ipv4-network.js'
import { findSandbox } from '../../src/main/find-sandbox.js'
import { NetworkFence } from '../../src/sandbox/network-fence.js'
import { ensureBridgeNetwork } from '../../src/scheduler/docker/bridge-network.js'
import { DockerEngine } from '../../src/scheduler/docker/docker-engine.js'
import { ensureTestStackImage, TEST_STACK_IMAGE } from './swarm.js'

const BERTH_CLI = ['--import', 'tsx', new URL('../../src/main/cli.ts', import.meta.url).pathname]

/** The test stack image without its Node.js, as `berth stack:build` makes by default: built from it once per machine. */
export async function testStackWithoutNode(): Promise<string> {
  const image = 'berth/stack-test:no-node-2'
  const engine = await DockerEngine.connect()
  try {
    await ensureTestStackImage(engine, BERTH_CLI)
    if ((await engine.run(['image', 'inspect', image])).code === 0) return image
    const dockerfile = `FROM ${TEST_STACK_IMAGE}\nRUN rm -f /usr/bin/node /usr/bin/nodejs\n`
    const built = spawnSync(engine.file, [...engine.prefix, 'build', '--network', 'none', '-t', image, '-'], { input: dockerfile, encoding: 'utf8', env: { DOCKER_BUILDKIT: '0', PATH: process.env.PATH } })
    if (built.status !== 0) throw new Error(`could not build ${image}: ${built.stderr}`)
    return image
  } finally {
    await engine.close()
  }
}

/** Why builds cannot run in containers here, or null. */
export async function containerBuildsUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'needs root'
  if (!findSandbox('auto').user) return 'needs an unprivileged build user'
  const engine = await DockerEngine.connect().catch((error: Error) => error)
  if (engine instanceof Error) return `no Docker Engine here (${engine.message})`
  await engine.close()
  return null
}

/**
 * Build steps in containers of the test stack image, as `BERTH_SCHEDULER=swarm` runs them: on a
 * bridge network of their own on `subnet` (a test range), under the network fence's rules.
 */
export async function openContainerSteps(subnet: string, stateDir: string, image = TEST_STACK_IMAGE): Promise<{ steps: ContainerSteps; serverTag: string; user: { uid: number; gid: number }; gateway: string; close(): Promise<void> }> {
  const engine = await DockerEngine.connect()
  await ensureTestStackImage(engine, BERTH_CLI)
  // The fence's table covers every `bh…` link, the builds' bridge too; its own range is unused here.
  await NetworkFence.setUp({ network: parseIpv4Network('10.213.0.0/16')!, stateDir: join(stateDir, 'netns') })
  const tag = randomBytes(4).toString('hex')
  const network = `berth-builds-test-${tag}`
  const range = parseIpv4Network(subnet)!
  await ensureBridgeNetwork(engine, { name: network, bridge: `bhb${tag}`, subnet: range, serverTag: `test-${tag}`, what: 'the test builds\' network' })
  const user = findSandbox('auto').user!
  const steps = new ContainerSteps({ engine, image, network, serverTag: `test-${tag}`, user, tools: await buildTools(join(stateDir, 'build-tools')) })
  const gateway = formatIpv4(range.base + 1)
  return {
    steps, user, gateway, serverTag: `test-${tag}`,
    close: async () => {
      await steps.sweep()
      await engine.run(['network', 'rm', network])
      await engine.close()
    },
  }
}
