import { cidrContains, parseCidr, type Cidr, type IpBytes } from './parse-ip.js'

/** What an address is for; only `public` addresses are on the internet. */
export type AddressKind =
  | 'public' | 'unspecified' | 'loopback' | 'private' | 'shared' | 'link-local' | 'unique-local'
  | 'multicast' | 'broadcast' | 'documentation' | 'benchmarking' | 'reserved'

const table = (entries: [string, AddressKind][]): [Cidr, AddressKind][] => entries.map(([cidr, kind]) => [parseCidr(cidr)!, kind])

// IANA's IPv4 special-purpose registry, most specific first where ranges nest.
const IPV4 = table([
  ['0.0.0.0/8', 'unspecified'], ['10.0.0.0/8', 'private'], ['100.64.0.0/10', 'shared'], ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], ['172.16.0.0/12', 'private'], ['192.0.0.0/24', 'reserved'], ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'], ['192.168.0.0/16', 'private'], ['198.18.0.0/15', 'benchmarking'], ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'], ['224.0.0.0/4', 'multicast'], ['255.255.255.255/32', 'broadcast'], ['240.0.0.0/4', 'reserved'],
])

// IPv6 ranges other than the ones that embed an IPv4 address (handled below).
const IPV6 = table([
  ['::/128', 'unspecified'], ['::1/128', 'loopback'], ['::/96', 'reserved'], ['64:ff9b:1::/48', 'reserved'], ['100::/64', 'reserved'],
  ['2001:db8::/32', 'documentation'], ['2001::/23', 'reserved'], ['fc00::/7', 'unique-local'], ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], ['ff00::/8', 'multicast'],
])
const GLOBAL_UNICAST = parseCidr('2000::/3')!

// Ranges that carry an IPv4 address the packet ends up at: IPv4-mapped, NAT64, 6to4.
const EMBEDDING: [Cidr, (bytes: IpBytes) => IpBytes][] = [
  [parseCidr('::ffff:0:0/96')!, (b) => b.slice(12, 16)],
  [parseCidr('64:ff9b::/96')!, (b) => b.slice(12, 16)],
  [parseCidr('2002::/16')!, (b) => b.slice(2, 6)],
]

/** The IPv4 address an IPv6 address stands for (`::ffff:127.0.0.1` → 127.0.0.1), or null. */
export function embeddedIpv4(bytes: IpBytes): IpBytes | null {
  if (bytes.length !== 16) return null
  const found = EMBEDDING.find(([network]) => cidrContains(network, bytes))
  return found ? found[1](bytes) : null
}

/**
 * What an address is: loopback, private (RFC 1918, and IPv6 site-local), shared (CGNAT
 * 100.64/10), link-local (169.254/16, where cloud metadata lives; fe80::/10), unique-local
 * (fc00::/7), unspecified, multicast, broadcast, documentation, benchmarking, reserved, or
 * public. An IPv6 address that embeds an IPv4 one is what the IPv4 one is.
 */
export function classifyAddress(bytes: IpBytes): AddressKind {
  const v4 = bytes.length === 4 ? bytes : embeddedIpv4(bytes)
  if (v4) return IPV4.find(([network]) => cidrContains(network, v4))?.[1] ?? 'public'
  const special = IPV6.find(([network]) => cidrContains(network, bytes))?.[1]
  if (special) return special
  return cidrContains(GLOBAL_UNICAST, bytes) ? 'public' : 'reserved'
}
