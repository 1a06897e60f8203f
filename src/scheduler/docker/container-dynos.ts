import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatIpv4, parseIpv4, type Ipv4Network } from '../../core/net/ipv4-network.js'
import { checkSpawnSpec } from '../../sandbox/check-spawn-spec.js'
import { forwardIntoNamespace } from '../../sandbox/forward-into-namespace.js'
import { HOST_SYSTEM_PATHS, systemPathSource, type SandboxMount } from '../../sandbox/plan-sandbox.js'
import { SandboxDns } from '../../sandbox/sandbox-dns.js'
import { runtimeMounts } from '../../sandbox/runtime-mounts.js'
import { R15_MESSAGE } from '../plan-dyno-env.js'
import type { DynoSpec } from '../scheduler.js'
import { dynoMarker, type DynoRuntimes, type Launch } from '../local/prepare-launch.js'
import type { SlugFiles } from '../local/slug-files.js'
import { containerMemory } from './container-memory.js'
import { ensureBridgeNetwork } from './bridge-network.js'
import type { DockerEngine } from './docker-engine.js'
import { adoptionKey, attachArgs, findLeftovers, type RunningContainer } from './leftover-containers.js'
import { planContainer } from './plan-container.js'

export interface ContainerDynosOptions {
  engine: DockerEngine
  /** This server's tag: names its network and labels its containers. */
  serverTag: string
  /** The subnet of the bridge network Berth makes for its dynos. */
  network: Ipv4Network
  /** Dynos run as this user, never root. */
  user: { uid: number; gid: number }
  slugs: Pick<SlugFiles, 'ensure'>
  runtimes?: DynoRuntimes | null
  /** How long containers a killed server left wait to be claimed by the formation before they are removed (default a minute). */
  unclaimedGraceMs?: number
}

/** The image of the `berth-24` stack: nothing of its own; the host's system directories are bound in read-only, as in the local sandbox. */
export const HOST_STACK_IMAGE = 'berth/host-stack:1'
// The dynos' resolv.conf: their loopback is not the host's.
const machineDns = new SandboxDns()
const SKELETON = ['app', 'tmp', 'etc', 'usr', 'bin', 'sbin', 'lib', 'lib64', 'lib32', 'runtimes', 'runtime-store', 'proc', 'dev', 'sys']

/**
 * Dynos as containers on one Docker Engine (ADR 0011): each web dyno gets its own address on a
 * bridge network Berth makes (`bh…`, so the network fence's rules cover it: reachable only by the
 * router, never the host's services, and dynos cannot reach each other), the slug bound read-only
 * at /app. The scheduler supervises each container through its attached `docker run`.
 */
export class ContainerDynos {
  readonly #used = new Set<number>()
  #next = 2
  readonly #unclaimed: NodeJS.Timeout

  private constructor(private readonly options: ContainerDynosOptions, readonly networkName: string, private readonly leftovers: Map<string, RunningContainer>) {
    for (const container of leftovers.values()) this.#used.add(parseIpv4(container.address))
    // The formation claims the dynos it still wants as soon as the server is back; the rest go.
    this.#unclaimed = setTimeout(() => {
      const unclaimed = [...leftovers.values()]
      leftovers.clear()
      if (unclaimed.length === 0) return
      // A container that cannot be removed now is removed by the next server's start.
      options.engine.run(['rm', '--force', ...unclaimed.map((container) => container.name)]).catch(() => {})
        .finally(() => unclaimed.forEach((container) => this.#used.delete(parseIpv4(container.address))))
    }, options.unclaimedGraceMs ?? 60_000)
    this.#unclaimed.unref()
  }

  /** Makes the image and the network if missing, and finds the containers a killed server left. */
  static async open(options: ContainerDynosOptions): Promise<ContainerDynos> {
    const { engine, serverTag, network } = options
    if (network.prefix > 28) throw new Error('the container network needs at least a /28')
    if ((await engine.run(['image', 'inspect', HOST_STACK_IMAGE])).code !== 0) await importHostStack(engine)
    const name = `berth-dynos-${serverTag}`
    await ensureBridgeNetwork(engine, { name, bridge: `bhd${serverTag.slice(0, 8)}`, subnet: network, serverTag, what: 'the dynos\' network' })
    return new ContainerDynos(options, name, await findLeftovers(engine, serverTag, name))
  }

  /** Removes the dynos' network (the dynos are gone by now; a network still in use stays) and lets go of the engine. */
  async close(): Promise<void> {
    clearTimeout(this.#unclaimed)
    await this.options.engine.run(['network', 'rm', this.networkName])
    await this.options.engine.close()
  }

  /** Everything about starting one dyno's container: its slug and runtimes ready, its address, its `docker run`. */
  readonly launch = async (spec: DynoSpec, dynoId: string, port: number | null): Promise<Launch> => {
    const { engine, serverTag, user } = this.options
    const leftover = this.leftovers.get(adoptionKey(spec.releaseId, spec.name))
    if (leftover) {
      this.leftovers.delete(adoptionKey(spec.releaseId, spec.name))
      return this.#adopt(leftover, spec, dynoId)
    }
    const slugDir = await this.options.slugs.ensure(spec.slugId, spec.slugChecksum)
    if (spec.runtimes?.length) await this.options.runtimes?.ensureAll(spec.runtimes)
    const address = this.#allocate()
    // One container per start: a crashed dyno's restart may begin before its last container is removed.
    const name = `berth-${serverTag}-${dynoId}-${randomUUID().slice(0, 8)}`
    const grants = spec.grants ?? []
    const gateDir = grants.length > 0 ? await mkdtemp(join(tmpdir(), 'berth-gate-')) : undefined
    if (gateDir) await chmod(gateDir, 0o755)
    let forwarding: { close(): void } | null = null
    let released = false
    const resolvConf = machineDns.current()
    const mounts: SandboxMount[] = [
      { hostPath: slugDir, path: '/app', writable: false },
      // Not /sbin: the engine puts the dyno's init (tini, `--init`) there.
      ...HOST_SYSTEM_PATHS.filter((path) => path !== '/sbin' && existsSync(path)).map((path) => ({ hostPath: systemPathSource(path, resolvConf), path, writable: false })),
      ...runtimeMounts(this.options.runtimes?.dirs),
    ]
    const release = async () => {
      released = true
      forwarding?.close()
      await engine.run(['rm', '--force', name])
      if (gateDir) await rm(gateDir, { recursive: true, force: true })
      this.#used.delete(address)
    }
    // Heroku compat: DATABASE_URL works unchanged. Each granted server on the host's loopback is
    // forwarded into the container's network at the same address once it runs; then the gate opens.
    let memory: (() => number | null) | null = null
    const started = async () => {
      const pid = await waitForPid(engine, name)
      memory = containerMemory(pid)
      if (!gateDir) return
      forwarding = await forwardIntoNamespace(`/proc/${pid}/ns/net`, grants).catch((error: unknown) => {
        // Its process ended before its network could be joined: that exit, not this, says why the dyno stopped.
        if (!existsSync(`/proc/${pid}`)) return null
        throw error
      })
      if (!forwarding) return
      if (released) return forwarding.close()
      await writeFile(join(gateDir, 'ready'), '')
    }
    try {
      for (const mount of mounts) if (/[,=]/.test(mount.hostPath)) throw new Error(`cannot bind ${mount.hostPath} into a container: it has a comma or an equals sign`)
      const planned = planContainer({ spec, name, image: HOST_STACK_IMAGE, serverTag, marker: dynoMarker(spec, dynoId), network: this.networkName, address: formatIpv4(address), port, user, mounts, gateDir })
      const plan = { file: engine.file, args: [...engine.prefix, ...planned.args], env: planned.env, cwd: '/' }
      checkSpawnSpec(plan)
      return { plan, host: formatIpv4(address), release, started, memoryBytes: () => memory?.() ?? null, exitReason: () => exitReason(engine, name) }
    } catch (error) {
      await release()
      throw error
    }
  }

  /** A Launch that attaches to a running container again; its add-on servers are forwarded in anew (the forwarder died with the old server). */
  #adopt(container: RunningContainer, spec: DynoSpec, dynoId: string): Launch {
    const { engine } = this.options
    const address = parseIpv4(container.address)
    let forwarding: { close(): void } | null = null
    let memory: (() => number | null) | null = null
    const plan = { file: engine.file, args: [...engine.prefix, ...attachArgs(container.name)], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', BERTH_DYNO_ID: dynoMarker(spec, dynoId) }, cwd: '/' }
    checkSpawnSpec(plan)
    return {
      plan, host: container.address, adopted: { port: container.port }, memoryBytes: () => memory?.() ?? null, exitReason: () => exitReason(engine, container.name),
      started: async () => {
        const pid = await waitForPid(engine, container.name)
        memory = containerMemory(pid)
        if (spec.grants?.length) forwarding = await forwardIntoNamespace(`/proc/${pid}/ns/net`, spec.grants)
      },
      release: async () => {
        forwarding?.close()
        await engine.run(['rm', '--force', container.name])
        this.#used.delete(address)
      },
    }
  }

  #allocate(): number {
    const { base, prefix } = this.options.network
    const size = 2 ** (32 - prefix)
    // .0 is the network, .1 the gateway (the host), the last the broadcast address.
    for (let tried = 0; tried < size; tried++) {
      const offset = this.#next
      this.#next = this.#next + 1 >= size - 1 ? 2 : this.#next + 1
      if (!this.#used.has(base + offset)) {
        this.#used.add(base + offset)
        return base + offset
      }
    }
    throw new Error('no address is free on the dynos\' network')
  }
}

/** Heroku's R15 when the engine killed the container for its memory limit (twice the size's quota). */
export async function exitReason(engine: DockerEngine, name: string): Promise<string | null> {
  const oom = await engine.run(['inspect', '--format', '{{.State.OOMKilled}}', name])
  return oom.stdout.trim() === 'true' ? R15_MESSAGE : null
}

/** The host pid of a container's first process, once the engine has started it (10 s at most). */
export async function waitForPid(engine: DockerEngine, name: string): Promise<number> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const pid = Number((await engine.run(['inspect', '--format', '{{.State.Pid}}', name])).stdout.trim())
    if (pid > 0) return pid
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`container ${name} did not start within 10 s`)
}

/** Imports the `berth-24` stack image: empty directories where the host's system, the slug and the runtimes are bound. */
async function importHostStack(engine: DockerEngine): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'berth-host-stack-'))
  try {
    for (const dir of SKELETON) await mkdir(join(root, dir), { mode: 0o755 })
    // Set apart from mkdir, which the umask trims: the engine gives the dyno's /tmp this directory's mode.
    await chmod(join(root, 'tmp'), 0o1777)
    // GNU tar keeps /tmp's mode whole (node-tar drops its write bits for group and others).
    const archive = spawn('tar', ['-c', '-C', root, '--numeric-owner', '--owner=0', '--group=0', ...SKELETON], { stdio: ['ignore', 'pipe', 'ignore'] })
    const imported = await engine.run(['import', '--change', 'WORKDIR /app', '-', HOST_STACK_IMAGE], archive.stdout)
    if (imported.code !== 0) throw new Error(`could not import ${HOST_STACK_IMAGE}: ${imported.stderr.trim()}`)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}
