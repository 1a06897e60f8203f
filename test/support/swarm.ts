import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { DockerEngine } from '../../src/scheduler/docker/docker-engine.js'
import { waitFor } from './wait-for.js'

// A two-node swarm on this one machine: this machine's dockerd is the manager, and a second dockerd
// runs in a network namespace the test makes, joined as a worker over a veth on a test subnet.
// Nothing here sends traffic anywhere else: the worker's namespace has no default route.
export const WORKER_NETNS = 'berth-swarm-node2'
const NETNS = WORKER_NETNS
const HOST_LINK = 'bsw0'
export const MANAGER_ADDRESS = '10.214.80.1'
export const WORKER_ADDRESS = '10.214.80.2'
export const WORKER_NAME = 'berth-node-2'
const WORKER_DIR = '/var/lib/berth-test-node2'
const WORKER_RUN = '/run/berth-test-node2'
const WORKER_HOST = `unix://${WORKER_RUN}/docker.sock`
/** The stack image the swarm tests run dynos in: `berth stack:build` with Node.js added. */
export const TEST_STACK_IMAGE = 'berth/stack-test:nodejs-2'

const sh = (file: string, args: string[]) => execFileSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString()
const quiet = (file: string, args: string[]) => spawnSync(file, args, { stdio: 'ignore' }).status === 0

export interface TestSwarm {
  manager: DockerEngine
  worker: DockerEngine
  /** Cuts the worker off the network, as a machine that dies does (it never says goodbye). */
  cutWorker(): void
  leave(): Promise<void>
}

/** Why the swarm tests cannot run here, or null. */
export async function swarmUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'needs root'
  const engine = await DockerEngine.connect().catch((error: Error) => error)
  if (engine instanceof Error) return `no Docker Engine here (${engine.message})`
  const state = (await engine.run(['info', '--format', '{{.Swarm.LocalNodeState}}'])).stdout.trim()
  await engine.close()
  if (state !== 'inactive') return `this machine's Docker Engine is already in a swarm (${state}); the test makes its own`
  if (!quiet('sh', ['-c', 'command -v debootstrap'])) return 'needs debootstrap (apt-get install debootstrap)'
  return null
}

/** Builds the test stack image once per machine (debootstrap: about a minute); test files running at once wait for one another. */
export async function ensureTestStackImage(engine: DockerEngine, berthCli: string[]): Promise<void> {
  const lock = '/tmp/berth-test-stack-image.lock'
  await waitFor(() => {
    try {
      mkdirSync(lock)
      return true
    } catch {
      // A lock older than the build's own limit was left by a killed run.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 660_000) rmSync(lock, { recursive: true, force: true })
      return false
    }
  }, { timeoutMs: 700_000, intervalMs: 500, what: 'the test stack image lock' })
  try {
    if ((await engine.run(['image', 'inspect', TEST_STACK_IMAGE])).code === 0) return
    const built = spawnSync(process.execPath, [...berthCli, 'stack:build', '--image', TEST_STACK_IMAGE, '--packages', 'nodejs'], { encoding: 'utf8', timeout: 600_000 })
    if (built.status !== 0) throw new Error(`stack:build failed:\n${built.stderr}${built.stdout.slice(-2000)}`)
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** Makes the swarm: the manager on this machine's engine, and a worker in its own namespace with the stack image loaded. */
export async function startTestSwarm(): Promise<TestSwarm> {
  removeLeftovers()
  sh('ip', ['netns', 'add', NETNS])
  sh('ip', ['link', 'add', HOST_LINK, 'type', 'veth', 'peer', 'name', `${HOST_LINK}n`])
  sh('ip', ['link', 'set', `${HOST_LINK}n`, 'netns', NETNS])
  sh('ip', ['addr', 'add', `${MANAGER_ADDRESS}/24`, 'dev', HOST_LINK])
  sh('ip', ['link', 'set', HOST_LINK, 'up'])
  for (const args of [['addr', 'add', `${WORKER_ADDRESS}/24`, 'dev', `${HOST_LINK}n`], ['link', 'set', `${HOST_LINK}n`, 'up'], ['link', 'set', 'lo', 'up']]) {
    sh('ip', ['netns', 'exec', NETNS, 'ip', ...args])
  }
  // nsenter, not `ip netns exec`: that remounts /sys, and dockerd needs the machine's cgroup mounts.
  const daemon: ChildProcess = spawn('nsenter', [`--net=/run/netns/${NETNS}`, '--', 'unshare', '--uts', '--', 'sh', '-c',
    `hostname ${WORKER_NAME} && exec dockerd --data-root ${WORKER_DIR} --exec-root ${WORKER_RUN}/exec --pidfile ${WORKER_RUN}/docker.pid -H ${WORKER_HOST} --bip 10.214.81.1/24`,
  ], { stdio: 'ignore', env: { ...process.env, DOCKER_SERVICE_PREFER_OFFLINE_IMAGE: '1' } })
  daemon.unref()
  const manager = await DockerEngine.connect()
  const worker = await waitFor(() => DockerEngine.connect(WORKER_HOST).catch(() => null), { timeoutMs: 30_000, what: 'the worker\'s dockerd' })
  await manager.check(['swarm', 'init', '--advertise-addr', MANAGER_ADDRESS, '--listen-addr', `${MANAGER_ADDRESS}:2377`,
    '--default-addr-pool', '10.214.128.0/18', '--default-addr-pool-mask-length', '26', '--dispatcher-heartbeat', '2s'], 'swarm init')
  const token = (await manager.check(['swarm', 'join-token', '--quiet', 'worker'], 'join-token')).trim()
  await worker.check(['swarm', 'join', '--token', token, '--advertise-addr', WORKER_ADDRESS, '--listen-addr', `${WORKER_ADDRESS}:2377`, `${MANAGER_ADDRESS}:2377`], 'swarm join')
  // What a registry would do: the worker gets the stack image.
  const saved = spawn(manager.file, [...manager.prefix, 'save', TEST_STACK_IMAGE], { stdio: ['ignore', 'pipe', 'ignore'] })
  const loaded = await worker.run(['load'], saved.stdout)
  if (loaded.code !== 0) throw new Error(`could not load the stack image on the worker: ${loaded.stderr}`)
  await waitFor(async () => (await manager.check(['node', 'ls', '--format', '{{.Status}}'], 'node ls')).trim().split('\n').filter((s) => s === 'Ready').length === 2,
    { timeoutMs: 30_000, what: 'both nodes ready' })
  return {
    manager, worker,
    cutWorker: () => sh('ip', ['link', 'set', HOST_LINK, 'down']),
    leave: async () => {
      const containers = (await worker.run(['ps', '--all', '--quiet'])).stdout.split('\n').filter(Boolean)
      if (containers.length > 0) await worker.run(['rm', '--force', ...containers])
      await worker.run(['swarm', 'leave', '--force'])
      await manager.run(['swarm', 'leave', '--force'])
      daemon.ref()
      daemon.kill('SIGTERM')
      if (daemon.exitCode === null) await new Promise((resolve) => daemon.once('exit', resolve))
      await worker.close()
      await manager.close()
      removeLeftovers()
    },
  }
}

/** Stops the worker's dockerd and removes its namespace, link, state, and the manager's swarm. */
function removeLeftovers(): void {
  const pidFile = `${WORKER_RUN}/docker.pid`
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'))
    try {
      process.kill(pid, 'SIGKILL')
    } catch {}
  }
  // Its containers' shims outlive a killed dockerd.
  quiet('sh', ['-c', `for p in $(ip netns pids ${NETNS} 2>/dev/null); do kill -9 $p; done`])
  quiet('ip', ['link', 'del', HOST_LINK])
  quiet('ip', ['netns', 'del', NETNS])
  quiet('sh', ['-c', `grep -o " ${WORKER_RUN}[^ ]*\\| ${WORKER_DIR}[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l`])
  rmSync(WORKER_RUN, { recursive: true, force: true })
  rmSync(WORKER_DIR, { recursive: true, force: true })
}
