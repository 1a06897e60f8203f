import { inIpv4Network, parseIpv4Network } from '../../core/net/ipv4-network.js'
import { runTool } from '../../sandbox/network-fence.js'
import { nodeAddress, type SwarmNode } from './swarm-tasks.js'

/** The nftables table every swarm node keeps its dynos' fence in. */
export const NODE_FENCE_TABLE = 'berth_swarm'
/** The bridge through which Swarm containers reach their node and the world. */
const GATEWAY_BRIDGE = 'docker_gwbridge'

export interface NodeFenceOptions {
  /** The dyno port range (BERTH_DYNO_PORTS): where web dynos publish on every node. */
  dynoPorts: { first: number; last: number }
  /** Berth's slug server (BERTH_SWARM_SLUG_ADDRESS), and its add-on relays on the same address: all a dyno may reach of Berth's machine. */
  slugServer: { host: string; port: number }
  addonPorts: readonly number[]
  /** Whether the rules are for Berth's own machine (else for another node). */
  berthMachine: boolean
  /** Every node's address in the swarm (Swarm's own ports, VXLAN and node services live there). */
  nodeAddresses: readonly string[]
}

/**
 * The fence of ADR 0008 for Swarm dynos (ADR 0012), as one nftables ruleset each node loads. A
 * dyno's container (behind `docker_gwbridge`) opens no connection to its own node, nor to any
 * node's dyno ports, nor any node's address but Berth's slug server and add-on relays (Swarm's
 * ports, VXLAN and the nodes' services are there), nor the cloud's metadata service. Replies to connections the node opened (the
 * router's, the boot probe's) pass. Berth loads it on its own machine; `berth swarm:node-rules`
 * prints it for the others.
 */
export function nodeFenceRules(options: NodeFenceOptions): string {
  const { dynoPorts: { first, last }, slugServer } = options
  const fromDynos = `iifname "${GATEWAY_BRIDGE}"`
  const toBerth = `ip daddr ${slugServer.host} tcp dport { ${[slugServer.port, ...options.addonPorts].join(', ')} }`
  return [
    // Made, then emptied: loading the ruleset again replaces it.
    `table inet ${NODE_FENCE_TABLE} {}`,
    `delete table inet ${NODE_FENCE_TABLE}`,
    `table inet ${NODE_FENCE_TABLE} {`,
    '  chain input {',
    '    type filter hook input priority filter; policy accept;',
    `    ${fromDynos} ct state established,related accept`,
    ...(options.berthMachine ? [`    ${fromDynos} ${toBerth} accept`] : []),
    `    ${fromDynos} drop`,
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    `    ${fromDynos} ct state established,related accept`,
    `    ${fromDynos} tcp dport ${first}-${last} drop`,
    `    ${fromDynos} ${toBerth} accept`,
    `    ${fromDynos} ip daddr { ${[...new Set([slugServer.host, ...options.nodeAddresses])].join(', ')} } drop`,
    // The cloud's metadata service, as for local dynos (ADR 0008).
    `    ${fromDynos} ip daddr 169.254.0.0/16 drop`,
    '  }',
    '}',
    '',
  ].join('\n')
}

/** Loads the fence on this machine (as root); `netns` runs it in a network namespace instead (tests' second node). */
export async function loadNodeFence(rules: string, netns?: string): Promise<void> {
  const loaded = netns ? await runTool('ip', ['netns', 'exec', netns, 'nft', '-f', '-'], rules) : await runTool('nft', ['-f', '-'], rules)
  if (loaded.code !== 0) throw new Error(`nftables refused the Swarm dynos' fence: ${loaded.stderr.trim()}`)
}

/** Removes it (the server's shutdown). */
export async function removeNodeFence(): Promise<void> {
  await runTool('nft', ['delete', 'table', 'inet', NODE_FENCE_TABLE])
}

/** The swarm's node addresses, from a manager's Engine API. */
export async function swarmNodeAddresses(api: { json<T>(method: string, path: string): Promise<T> }): Promise<string[]> {
  const nodes = await api.json<SwarmNode[]>('GET', '/nodes')
  return nodes.map((node) => nodeAddress(node) ?? '').filter((address) => /^\d{1,3}(?:\.\d{1,3}){3}$/.test(address))
}

/**
 * Whether a connection to Berth's address comes from a dyno: from a swarm node (a dyno there
 * reaches Berth through its node's address) or from this machine's `docker_gwbridge`. The nodes
 * are read again when an address is not among them, at most every 5 s.
 */
export function swarmDynoSources(api: { json<T>(method: string, path: string): Promise<T> }): (address: string) => Promise<boolean> {
  let known: { at: number; nodes: Set<string>; bridge: ReturnType<typeof parseIpv4Network> } = { at: 0, nodes: new Set(), bridge: null }
  const admits = (address: string) => known.nodes.has(address) || (known.bridge !== null && inIpv4Network(known.bridge, address))
  return async (address) => {
    if (admits(address) || Date.now() - known.at < 5000) return admits(address)
    const [nodes, bridge] = await Promise.all([
      swarmNodeAddresses(api),
      api.json<{ IPAM?: { Config?: { Subnet?: string }[] } }>('GET', `/networks/${GATEWAY_BRIDGE}`).then((network) => network.IPAM?.Config?.[0]?.Subnet ?? '', () => ''),
    ])
    known = { at: Date.now(), nodes: new Set(nodes), bridge: parseIpv4Network(bridge) }
    return admits(address)
  }
}
