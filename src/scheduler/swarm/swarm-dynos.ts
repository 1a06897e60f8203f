import { randomUUID } from 'node:crypto'
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addonUrlsVia, type AddonGrant } from '../../core/addons/plan-addon-grants.js'
import { checkSpawnSpec } from '../../sandbox/check-spawn-spec.js'
import { exitReason } from '../docker/container-dynos.js'
import type { DockerEngine } from '../docker/docker-engine.js'
import { EngineApi, EngineApiError } from '../docker/engine-api.js'
import { adoptionKey } from '../docker/leftover-containers.js'
import { LABELS } from '../docker/plan-container.js'
import type { DynoSpec } from '../scheduler.js'
import { dynoMarker, type Launch } from '../local/prepare-launch.js'
import { dynoCommand, memoryQuotaBytes, R15_MESSAGE } from '../plan-dyno-env.js'
import type { MemoryMeter } from './memory-meter.js'
import { dynoEnvScript, planService, planTaskContainer, type SwarmDynoInput } from './plan-service.js'
import { latestTask, nodeAddress, nodeIsDown, type SwarmNode } from './swarm-tasks.js'

export interface SwarmDynosOptions {
  /** The engine of a Swarm manager (this machine's). */
  engine: DockerEngine
  serverTag: string
  /** The stack image every node runs dynos in (BERTH_STACK_IMAGE). */
  image: string
  /** Issues a capability URL of a slug's archive that every node can fetch. */
  slugUrl(slugId: string): string
  /** A runtime from Berth's store (`node@18.20.8`), downloaded first if missing, as a URL every node can fetch and its tarball's sha256. */
  runtime?(ref: string): Promise<{ url: string; sha256: string }>
  /** Each dyno's memory, wherever it runs (R14, R15). */
  meter?: Pick<MemoryMeter, 'bytesOf' | 'lastBytesOf'>
  /** Where a dyno reaches an add-on server on this machine's loopback (Berth's relay to it), or null if it cannot. */
  addonAddress?(server: AddonGrant): AddonGrant | null
  /** The operator's runtimes (BERTH_RUNTIMES_DIR), which must be at the same path on every node. */
  operatorRuntimes?: string | null
  /** Dynos run as this user, never root. */
  user: { uid: number; gid: number }
  stopTimeoutMs: number
  /** How long services a killed server left wait to be claimed by the formation before they are removed (default a minute). */
  unclaimedGraceMs?: number
}

interface ServiceSummary {
  ID: string
  Spec: { Name: string; Labels?: Record<string, string>; EndpointSpec?: { Ports?: { PublishedPort?: number }[] } }
}

/** The Swarm secret holding a service's dyno environment. */
const envSecretName = (serviceName: string) => `${serviceName}-env`

// The follower runs from the same tree as this module: compiled JavaScript, or the TypeScript source under tsx.
// It runs in its own directory, where `--import tsx` resolves to the project's own.
const FOLLOWER = new URL(`./follow-service${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).pathname
const FOLLOWER_DIR = new URL('.', import.meta.url).pathname
const followerArgs = (socketPath: string, serviceId: string, since: number) =>
  [...(FOLLOWER.endsWith('.ts') ? ['--import', 'tsx'] : []), FOLLOWER, socketPath, serviceId, String(since)]

/**
 * Dynos as Docker Swarm services (ADR 0012). Swarm places each formation dyno on a node; the dyno
 * fetches its slug from a capability URL and runs in the stack image, so a node needs nothing but
 * Docker and network reach to this machine. A web dyno publishes its $PORT on its node's address,
 * where the router reaches it. Berth supervises each service through a follower process (its log
 * stream and its end), so crashes, restarts with cool-off, and a node that goes down (its dynos end
 * and start again on the nodes left) follow the local scheduler's rules. One-off and release dynos
 * run attached on this machine's engine, in the same image and network.
 */
export class SwarmDynos {
  readonly #networks = new Map<string, Promise<string>>()
  /** Removals of stopped dynos' services still under way. */
  readonly #removing = new Set<Promise<void>>()
  readonly #unclaimed: NodeJS.Timeout

  private constructor(private readonly options: SwarmDynosOptions, private readonly api: EngineApi, private readonly leftovers: Map<string, ServiceSummary>) {
    this.#unclaimed = setTimeout(() => {
      const unclaimed = [...leftovers.values()]
      leftovers.clear()
      for (const service of unclaimed) this.#removeService(service.ID, service.Spec.Name).catch(() => {})
    }, options.unclaimedGraceMs ?? 60_000)
    this.#unclaimed.unref()
  }

  /** Checks that the engine manages a swarm and has the stack image, and finds the services a killed server left. */
  static async open(options: SwarmDynosOptions): Promise<SwarmDynos> {
    const api = EngineApi.at(options.engine.host)
    const info = await api.json<{ Swarm: { LocalNodeState: string; ControlAvailable: boolean } }>('GET', '/info')
    if (info.Swarm.LocalNodeState !== 'active' || !info.Swarm.ControlAvailable) {
      throw new Error('this machine\'s Docker Engine is not a Swarm manager: run `docker swarm init --advertise-addr <address the nodes reach>` (see the README, "Running on several machines")')
    }
    await api.json('GET', `/images/${encodeURIComponent(options.image)}/json`).catch((error: unknown) => {
      if (error instanceof EngineApiError && error.status === 404) {
        throw new Error(`the stack image ${options.image} (BERTH_STACK_IMAGE) is not on this machine: build it with \`berth stack:build --image ${options.image}\`, or pull it`)
      }
      throw error
    })
    const filters = encodeURIComponent(JSON.stringify({ label: [`${LABELS.server}=${options.serverTag}`] }))
    const services = await api.json<ServiceSummary[]>('GET', `/services?filters=${filters}`)
    const leftovers = new Map<string, ServiceSummary>()
    for (const service of services) {
      const [releaseId, dynoName] = (service.Spec.Labels?.[LABELS.dyno] ?? '').split(':')
      if (releaseId && dynoName) leftovers.set(adoptionKey(releaseId, dynoName), service)
      else await new SwarmDynos(options, api, new Map()).#removeService(service.ID, service.Spec.Name)
    }
    return new SwarmDynos(options, api, leftovers)
  }

  /** Removes the apps' networks Berth made (those still in use stay), once the stopped dynos' services are gone. */
  async close(): Promise<void> {
    clearTimeout(this.#unclaimed)
    await Promise.all(this.#removing)
    for (const network of this.#networks.values()) {
      const id = await network.catch(() => null)
      if (id) await this.api.json('DELETE', `/networks/${id}`).catch(() => {})
    }
    await this.options.engine.close()
  }

  readonly launch = async (given: DynoSpec, dynoId: string, port: number | null, task = false): Promise<Launch> => {
    // Its add-ons' loopback servers, as a dyno on any node reaches them.
    const { addonAddress } = this.options
    const spec = addonAddress && given.grants?.length ? { ...given, env: addonUrlsVia(given.env, given.grants, addonAddress) } : given
    const leftover = task ? undefined : this.leftovers.get(adoptionKey(spec.releaseId, spec.name))
    if (leftover) {
      this.leftovers.delete(adoptionKey(spec.releaseId, spec.name))
      const adoptedPort = leftover.Spec.EndpointSpec?.Ports?.[0]?.PublishedPort ?? null
      return this.#follow(leftover.ID, spec, dynoId, Math.floor(Date.now() / 1000), { port: adoptedPort }, leftover.Spec.Name).catch(async (error: unknown) => {
        await this.#removeService(leftover.ID, leftover.Spec.Name)
        throw error
      })
    }
    if (!spec.slugChecksum) throw new Error(`slug ${spec.slugId} has no recorded checksum, so its archive cannot be trusted`)
    const { serverTag, image, user, stopTimeoutMs } = this.options
    const runtimes = await Promise.all((spec.runtimes ?? []).map(async (ref) => {
      if (!this.options.runtime) throw new Error(`the slug runs on ${ref} from Berth's runtime store, which this scheduler cannot deliver`)
      return { ref, ...(await this.options.runtime(ref)) }
    }))
    const input: SwarmDynoInput = {
      // Swarm names are at most 63 characters; the labels say which dyno it is.
      spec, name: `berth-${serverTag.slice(0, 12)}-${dynoId.slice(0, 8)}-${randomUUID().slice(0, 8)}`, image, serverTag, marker: dynoMarker(spec, dynoId),
      network: await this.#network(spec.appId), port, user, slugUrl: this.options.slugUrl(spec.slugId), slugChecksum: spec.slugChecksum, runtimes, stopTimeoutMs,
      operatorRuntimes: this.options.operatorRuntimes,
    }
    return task ? this.#task(input) : this.#service(input, spec, dynoId)
  }

  async #service(input: SwarmDynoInput, spec: DynoSpec, dynoId: string): Promise<Launch> {
    checkSpawnSpec({ file: input.image, args: dynoCommand(spec.command), env: { ...spec.env }, cwd: '/app' })
    // The dyno's environment as a Swarm secret (encrypted in Swarm's store), a file only its user reads.
    const secretName = envSecretName(input.name)
    const secret = await this.api.json<{ ID: string }>('POST', '/secrets/create', {
      Name: secretName, Labels: { [LABELS.server]: input.serverTag }, Data: Buffer.from(dynoEnvScript(spec, input.port)).toString('base64'),
    })
    let created: { ID: string } | null = null
    try {
      created = await this.api.json<{ ID: string }>('POST', '/services/create', planService(input, { id: secret.ID, name: secretName }))
      return await this.#follow(created.ID, spec, dynoId, 0, undefined, input.name)
    } catch (error) {
      if (created) await this.#removeService(created.ID, input.name)
      else await this.#removeSecret(secretName)
      throw error
    }
  }

  /** A Launch whose process follows the service: where Swarm put it, its logs and its end. */
  async #follow(serviceId: string, spec: DynoSpec, dynoId: string, since: number, adopted: { port: number | null } | undefined, serviceName: string): Promise<Launch> {
    const node = await this.#placement(serviceId)
    const plan = { file: process.execPath, args: followerArgs(this.api.socketPath, serviceId, since), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', BERTH_DYNO_ID: dynoMarker(spec, dynoId) }, cwd: FOLLOWER_DIR }
    checkSpawnSpec(plan)
    const { meter } = this.options
    const container = this.#containerOf(serviceId)
    return {
      plan, host: node?.address ?? '127.0.0.1', node: node?.name, adopted,
      memoryBytes: meter ? () => { const id = container(); return id ? meter.bytesOf(id) : null } : undefined,
      exitReason: () => this.#whyEnded(serviceId, spec),
      // The task has ended (the dyno is gone); removing its service waits on Swarm's task reaper
      // (#settle), which must not hold up the rollout that stopped it: close() waits for it instead.
      release: async () => { this.#inBackground(this.#removeService(serviceId, serviceName)) },
    }
  }

  /** The id of the service's container, once its task has one (asked of the manager in the background: memory checks cannot wait). */
  #containerOf(serviceId: string): () => string | null {
    let id: string | null = null
    let asking = false
    return () => {
      if (id === null && !asking) {
        asking = true
        latestTask(this.api, serviceId).then((task) => { id = task?.Status.ContainerStatus?.ContainerID || null }, () => {}).finally(() => { asking = false })
      }
      return id
    }
  }

  /** The node Swarm assigned the service's task to (waiting up to 30 s), or null if the task ended before it was placed. */
  async #placement(serviceId: string): Promise<{ name: string; address: string } | null> {
    // Swarm usually places a task within a few hundred milliseconds: asked often until then, as it is on the rollout's path.
    const often = Date.now() + 2000
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      const task = await latestTask(this.api, serviceId)
      if (task?.NodeID) {
        const node = await this.api.json<SwarmNode>('GET', `/nodes/${task.NodeID}`)
        const address = nodeAddress(node)
        if (!address) throw new Error(`Swarm node ${node.Description.Hostname} has no address`)
        return { name: node.Description.Hostname, address }
      }
      if (task && task.Status.State !== 'new' && task.Status.State !== 'pending') return null
      await new Promise((resolve) => setTimeout(resolve, Date.now() < often ? 25 : 100))
    }
    throw new Error('Swarm placed the dyno on no node within 30 s (are the nodes up, with the stack image?)')
  }

  /** Heroku-style words for why a service's dyno ended, when Swarm knows more than its exit status. */
  async #whyEnded(serviceId: string, spec: DynoSpec): Promise<string | null> {
    const task = await latestTask(this.api, serviceId).catch(() => null)
    if (!task) return null
    // SIGKILLed, not by Berth (it asks only when it stops a dyno), having held more than its quota:
    // the kernel, at the container's limit (twice the quota). Swarm does not say OOM; its node's engine does.
    const { ContainerID: containerId, ExitCode: exitCode } = task.Status.ContainerStatus ?? {}
    const lastBytes = containerId ? this.options.meter?.lastBytesOf(containerId) : null
    if (exitCode === 137 && lastBytes && lastBytes > memoryQuotaBytes(spec.size)) return R15_MESSAGE
    if (task.NodeID && task.Status.State === 'running' && await nodeIsDown(this.api, task.NodeID)) {
      return 'The dyno\'s node went down; its dyno starts again on another node'
    }
    if ((task.Status.State === 'rejected' || task.Status.State === 'failed') && task.Status.Err && task.Status.ContainerStatus?.ExitCode === undefined) {
      return `The dyno could not start: ${task.Status.Err}`
    }
    return null
  }

  async #task(input: SwarmDynoInput): Promise<Launch> {
    const { engine } = this.options
    checkSpawnSpec({ file: input.image, args: dynoCommand(input.spec.command), env: { ...input.spec.env }, cwd: '/app' })
    // The dyno's environment, readable by its user only, in a directory only root enters.
    const dir = await mkdtemp(join(tmpdir(), 'berth-env-'))
    const envFile = join(dir, 'env')
    const release = async () => {
      // With its anonymous /app volume.
      await engine.run(['rm', '--force', '--volumes', input.name])
      await rm(dir, { recursive: true, force: true })
    }
    try {
      await writeFile(envFile, dynoEnvScript(input.spec, input.port), { mode: 0o400 })
      await chown(envFile, input.user.uid, input.user.gid)
      const planned = planTaskContainer(input, envFile)
      const plan = { file: engine.file, args: [...engine.prefix, ...planned.args], env: planned.env, cwd: '/' }
      checkSpawnSpec(plan)
      return { plan, host: '127.0.0.1', exitReason: () => exitReason(engine, input.name), release }
    } catch (error) {
      await release()
      throw error
    }
  }

  /** The app's own overlay network: its dynos reach each other and the outside, never another app's dynos. */
  #network(appId: string): Promise<string> {
    let network = this.#networks.get(appId)
    if (!network) {
      const name = `berth-${this.options.serverTag}-${appId}`.slice(0, 63)
      network = this.api.json<{ Id: string }>('GET', `/networks/${encodeURIComponent(name)}`).then((found) => found.Id, async (error: unknown) => {
        if (!(error instanceof EngineApiError && error.status === 404)) throw error
        const created = await this.api.json<{ Id: string }>('POST', '/networks/create', {
          Name: name, Driver: 'overlay', Attachable: true, CheckDuplicate: true, Labels: { [LABELS.server]: this.options.serverTag },
        })
        return created.Id
      })
      network.catch(() => this.#networks.delete(appId))
      this.#networks.set(appId, network)
    }
    return network
  }

  #inBackground(removal: Promise<void>): void {
    const tracked = removal.catch(() => {}).finally(() => this.#removing.delete(tracked))
    this.#removing.add(tracked)
  }

  /** Removes the service, then its environment's secret (which Swarm keeps while a task still holds it: tried for a while). */
  async #removeService(serviceId: string, serviceName: string): Promise<void> {
    await this.#settle(serviceId)
    await this.api.json('DELETE', `/services/${serviceId}`).catch((error: unknown) => {
      if (!(error instanceof EngineApiError && error.status === 404)) throw error
    })
    this.#removeSecret(envSecretName(serviceName)).catch(() => {})
  }

  /**
   * A service scaled to zero (a stopped dyno) has its tasks deleted by Swarm's task reaper; removing
   * the service while the reaper is at it crashes Debian's dockerd 20.10 (swarmkit's
   * SetServiceTasksRemove meets a task deleted under it, moby/swarmkit#3216). So wait, up to 10 s,
   * until the reaper is done.
   */
  async #settle(serviceId: string): Promise<void> {
    const filters = encodeURIComponent(JSON.stringify({ service: [serviceId] }))
    for (let attempt = 0; attempt < 50; attempt++) {
      const service = await this.api.json<{ Spec: { Mode: { Replicated?: { Replicas?: number } } } }>('GET', `/services/${serviceId}`).catch(() => null)
      if (service?.Spec.Mode.Replicated?.Replicas !== 0) return
      const tasks = await this.api.json<unknown[]>('GET', `/tasks?filters=${filters}`).catch(() => [])
      if (tasks.length === 0) return
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }

  async #removeSecret(name: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const removed = await this.api.json('DELETE', `/secrets/${encodeURIComponent(name)}`).then(() => true, (error: unknown) => error instanceof EngineApiError && error.status === 404)
      if (removed) return
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}
