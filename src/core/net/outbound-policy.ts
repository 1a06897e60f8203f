import { classifyAddress, embeddedIpv4 } from './classify-address.js'
import { cidrContains, parseCidr, parseIp, type Cidr } from './parse-ip.js'

/**
 * Why Berth may not connect to `address` for a user (a log drain, later a webhook), or null if
 * it may: only public addresses, unless the operator allowed the network (BERTH_OUTBOUND_ALLOW).
 */
export function outboundProblem(address: string, allow: readonly Cidr[]): string | null {
  const bytes = parseIp(address)
  if (!bytes) return `${address} is not an IP address`
  const v4 = embeddedIpv4(bytes)
  if (allow.some((network) => cidrContains(network, bytes) || (v4 !== null && cidrContains(network, v4)))) return null
  const kind = classifyAddress(bytes)
  return kind === 'public' ? null : `${address} is ${kind === 'unspecified' ? 'an unspecified' : `a ${kind}`} address`
}

/** Reads a comma- or space-separated list of networks (`10.0.0.0/8, fd00::/8, 192.168.1.5`). */
export function parseNetworkList(text: string): Cidr[] | { invalid: string } {
  const networks: Cidr[] = []
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const network = parseCidr(item)
    if (!network) return { invalid: item }
    networks.push(network)
  }
  return networks
}
