import { formatIpv4, type Ipv4Network } from '../core/net/ipv4-network.js'

/** One fenced network: a namespace and the veth pair that links it to the host. */
export interface NetworkPlan {
  index: number
  /** The network namespace's name (`ip netns`), which is also the machine-wide claim on the index. */
  namespace: string
  hostInterface: string
  sandboxInterface: string
  /** The host's end of the link: the sandbox's gateway. */
  hostAddress: string
  /** The sandbox's own address: where the router reaches a web dyno. */
  address: string
}

// Each sandbox gets a /30: network, host end, sandbox end, broadcast.
const LINK_SIZE = 4
// Interface names: the kernel allows 15 characters; `bh` and `bd` plus an index always fit.
const HOST_PREFIX = 'bh'
/** Every host-side link of a fenced sandbox, and the container dynos' bridge, starts with this. */
export const HOST_LINK_PREFIX = HOST_PREFIX
const SANDBOX_PREFIX = 'bd'
export const NAMESPACE_PREFIX = 'berth-'

/** How many sandboxes a network has room for. */
export function networkCapacity(network: Ipv4Network): number {
  return 2 ** (32 - network.prefix) / LINK_SIZE
}

/** The names and addresses of the `index`th sandbox network. */
export function planNetwork(network: Ipv4Network, index: number): NetworkPlan {
  if (!Number.isInteger(index) || index < 0 || index >= networkCapacity(network)) throw new RangeError(`no network ${index} in a /${network.prefix}`)
  const link = network.base + index * LINK_SIZE
  return {
    index,
    namespace: `${NAMESPACE_PREFIX}${index}`,
    hostInterface: `${HOST_PREFIX}${index}`,
    sandboxInterface: `${SANDBOX_PREFIX}${index}`,
    hostAddress: formatIpv4(link + 1),
    address: formatIpv4(link + 2),
  }
}

/** `ip -batch` lines run on the host once the namespace exists: the veth pair, the host's end up. */
export function hostLinkCommands(plan: NetworkPlan): string[] {
  return [
    `link add ${plan.hostInterface} type veth peer name ${plan.sandboxInterface} netns ${plan.namespace}`,
    `addr add ${plan.hostAddress}/30 dev ${plan.hostInterface}`,
    `link set ${plan.hostInterface} up`,
  ]
}

/** `ip -batch` lines run inside the namespace: loopback, the sandbox's end, the route out through the host. */
export function sandboxLinkCommands(plan: NetworkPlan): string[] {
  return [
    'link set lo up',
    `addr add ${plan.address}/30 dev ${plan.sandboxInterface}`,
    `link set ${plan.sandboxInterface} up`,
    `route add default via ${plan.hostAddress}`,
  ]
}

/**
 * The nftables rules every fenced sandbox lives under, keyed on the host ends' names so that every
 * Berth server on the machine applies the same table. A sandbox may answer connections the host
 * opened (the router) and reach the outside world through NAT; it may not open a connection to the
 * host itself (the API, databases, anything listening on the host's addresses), to another sandbox,
 * or to link-local addresses (cloud metadata). Only root's sockets may open connections to a
 * sandbox, so other local users cannot reach dynos behind the router's back.
 */
export function fenceRuleset(table: string): string {
  const veth = `"${HOST_PREFIX}*"`
  return [
    `table inet ${table} {}`,
    `flush table inet ${table}`,
    `table inet ${table} {`,
    '  chain input {',
    '    type filter hook input priority filter - 1; policy accept;',
    `    iifname ${veth} ct state established,related accept`,
    `    iifname ${veth} drop`,
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter - 1; policy accept;',
    `    iifname ${veth} oifname ${veth} drop`,
    `    iifname ${veth} ip daddr 169.254.0.0/16 drop`,
    `    oifname ${veth} ct state established,related accept`,
    `    oifname ${veth} drop`,
    '  }',
    '  chain output {',
    '    type filter hook output priority filter - 1; policy accept;',
    `    oifname ${veth} ct state new meta skuid != 0 drop`,
    '  }',
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    `    iifname ${veth} oifname != ${veth} masquerade`,
    '  }',
    '}',
    '',
  ].join('\n')
}
