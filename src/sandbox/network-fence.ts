import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { forwardIntoNamespace, type Grant } from './forward-into-namespace.js'
import type { Ipv4Network } from '../core/net/ipv4-network.js'
import type { SandboxNetwork } from './plan-sandbox.js'
import { SandboxDns } from './sandbox-dns.js'
import { fenceRuleset, HOST_LINK_PREFIX, hostLinkCommands, NAMESPACE_PREFIX, networkCapacity, planNetwork, sandboxLinkCommands } from './plan-network.js'

/** A sandbox's own network: run its processes under `nsenter --net=<namespacePath>`. */
export interface FencedNetwork extends SandboxNetwork {
  /** The sandbox's address; a web dyno listening on `$PORT` is reached here. */
  address: string
  /** The host's end of the link, the sandbox's way out. */
  gateway: string
  /** Removes the namespace (and with it the link), and stops forwarding grants. */
  close(): Promise<void>
}

/** Why sandboxes cannot get networks of their own on this machine. */
export class FenceUnavailableError extends Error {}

export interface NetworkFenceOptions {
  network: Ipv4Network
  /** Where this server records the namespaces it made, so a restart after a crash removes them. */
  stateDir: string
  /** The resolv.conf of sandboxes in these networks, whose loopback is not the host's (default: from this machine's). */
  dns?: SandboxDns
}

const TABLE = 'berth'

/**
 * Gives each sandbox (dyno, build) a network namespace of its own, linked to the host by a veth
 * pair and fenced by nftables (see `fenceRuleset`): reachable only from the host, able to reach the
 * outside world, never the host's own services or another sandbox. A host service may be granted
 * to one sandbox at the same address (an add-on's server on 127.0.0.1). See ADR 0008.
 */
export class NetworkFence {
  #next: number
  readonly #capacity: number
  readonly #dns: SandboxDns

  private constructor(private readonly options: NetworkFenceOptions) {
    this.#capacity = networkCapacity(options.network)
    this.#dns = options.dns ?? new SandboxDns()
    // Several servers on one machine claim indexes from the same space; start apart.
    this.#next = Math.floor(Math.random() * this.#capacity)
  }

  /** Checks what the fence needs, applies its rules, and removes what a killed server left. */
  static async setUp(options: NetworkFenceOptions): Promise<NetworkFence> {
    if (process.getuid?.() !== 0) throw new FenceUnavailableError('Berth is not running as root, so it cannot make network namespaces')
    for (const tool of ['ip', 'nsenter', 'nft']) {
      if ((await runTool('sh', ['-c', `command -v ${tool}`])).code !== 0) {
        throw new FenceUnavailableError(`${tool} is not installed (apt-get install ${tool === 'nft' ? 'nftables' : tool === 'ip' ? 'iproute2' : 'util-linux'})`)
      }
    }
    const rules = await runTool('nft', ['-f', '-'], fenceRuleset(TABLE))
    if (rules.code !== 0) throw new FenceUnavailableError(`nftables refused the fence's rules: ${rules.stderr.trim()}`)
    try {
      // Sandboxes reach the outside world through the host (NAT), so the host must forward.
      await writeFile('/proc/sys/net/ipv4/ip_forward', '1')
    } catch (error) {
      throw new FenceUnavailableError(`cannot turn on IP forwarding: ${(error as Error).message}`)
    }
    await letThroughDocker()
    mkdirSync(options.stateDir, { recursive: true, mode: 0o700 })
    const fence = new NetworkFence(options)
    await fence.#sweep()
    const probe = await fence.open().catch((error: unknown) => {
      throw new FenceUnavailableError(`cannot make a network namespace: ${(error as Error).message}`)
    })
    await probe.close()
    return fence
  }

  /** Why names will not resolve in these networks (the host's resolver is on its loopback only), or null. */
  dnsProblem(): string | null {
    return this.#dns.problem()
  }

  /** A new fenced network, with `grants` forwarded into it from the host. */
  async open(grants: readonly Grant[] = []): Promise<FencedNetwork> {
    for (let tried = 0; tried < this.#capacity; tried++) {
      const plan = planNetwork(this.options.network, this.#next)
      this.#next = (this.#next + 1) % this.#capacity
      // The namespace's name is the machine-wide claim on its index and addresses.
      const added = await runTool('ip', ['netns', 'add', plan.namespace])
      if (added.code !== 0) {
        if (/exists/i.test(added.stderr)) continue
        throw new Error(`ip netns add: ${added.stderr.trim()}`)
      }
      const record = join(this.options.stateDir, plan.namespace)
      writeFileSync(record, '')
      const namespacePath = `/run/netns/${plan.namespace}`
      const remove = async () => {
        await runTool('ip', ['netns', 'del', plan.namespace])
        rmSync(record, { force: true })
      }
      const host = await runTool('ip', ['-batch', '-'], hostLinkCommands(plan).join('\n'))
      if (host.code !== 0) {
        await remove()
        // A link of that name outlived its namespace (its processes had not exited): skip the index.
        if (/exists/i.test(host.stderr)) continue
        throw new Error(`ip link: ${host.stderr.trim()}`)
      }
      try {
        const inside = await runTool('ip', ['-netns', plan.namespace, '-batch', '-'], sandboxLinkCommands(plan).join('\n'))
        if (inside.code !== 0) throw new Error(`ip in the namespace: ${inside.stderr.trim()}`)
        const forwarding = grants.length > 0 ? await forwardIntoNamespace(namespacePath, grants) : null
        return {
          namespacePath,
          resolvConf: this.#dns.current(),
          address: plan.address,
          gateway: plan.hostAddress,
          close: async () => {
            forwarding?.close()
            await remove()
          },
        }
      } catch (error) {
        await remove()
        throw error
      }
    }
    throw new Error(`no free sandbox network left in the /${this.options.network.prefix}`)
  }

  // A server killed with SIGKILL leaves the namespaces it recorded; whatever still runs in them
  // is a leftover of it too.
  async #sweep(): Promise<void> {
    for (const name of readdirSync(this.options.stateDir)) {
      if (!name.startsWith(NAMESPACE_PREFIX)) continue
      const pids = await runTool('ip', ['netns', 'pids', name])
      for (const pid of pids.stdout.split('\n').filter((p) => /^\d+$/.test(p))) {
        try {
          process.kill(Number(pid), 'SIGKILL')
        } catch {
          // Gone meanwhile.
        }
      }
      await runTool('ip', ['netns', 'del', name])
      rmSync(join(this.options.stateDir, name), { force: true })
    }
  }
}

// Docker sets the FORWARD policy to DROP when it turns forwarding on itself (dockerd started before
// Berth), which would cut every sandbox off from the outside world. Its DOCKER-USER chain is the
// machine owner's: Berth lets its own links through there. Its nftables table has fenced them by
// then (a drop there is final), so this opens nothing the fence closes.
async function letThroughDocker(): Promise<void> {
  if ((await runTool('sh', ['-c', 'command -v iptables && iptables -S DOCKER-USER'])).code !== 0) return
  const rules = [['-i', `${HOST_LINK_PREFIX}+`, '-j', 'ACCEPT'], ['-o', `${HOST_LINK_PREFIX}+`, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT']]
  for (const rule of rules) {
    if ((await runTool('iptables', ['-C', 'DOCKER-USER', ...rule])).code === 0) continue
    const added = await runTool('iptables', ['-I', 'DOCKER-USER', ...rule])
    if (added.code !== 0) throw new FenceUnavailableError(`cannot let Berth's networks through Docker's DOCKER-USER chain: ${added.stderr.trim()}`)
  }
}

/** Runs a tool to its end, with `input` on its stdin; never rejects (a missing tool is exit 127). */
export function runTool(file: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk) => { stdout += chunk })
    child.stderr!.on('data', (chunk) => { stderr += chunk })
    child.on('error', (error) => resolve({ code: 127, stdout, stderr: error.message }))
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
    if (input !== undefined) {
      child.stdin!.on('error', () => {})
      child.stdin!.end(input)
    }
  })
}
