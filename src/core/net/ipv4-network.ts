/** An IPv4 network in CIDR form, as numbers. */
export interface Ipv4Network {
  base: number
  prefix: number
}

/** `10.213.0.0/16` as numbers (host bits cleared); null unless a well-formed range from /8 to /28. */
export function parseIpv4Network(text: string): Ipv4Network | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim())
  if (!match) return null
  const octets = match.slice(1, 5).map(Number)
  const prefix = Number(match[5])
  if (octets.some((o) => o > 255) || prefix < 8 || prefix > 28) return null
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0)
  const size = 2 ** (32 - prefix)
  return { base: address - (address % size), prefix }
}

/** A dotted IPv4 address as a 32-bit number; NaN when it is not one. */
export function parseIpv4(text: string): number {
  const octets = text.split('.').map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN))
  return octets.length === 4 && octets.every((o) => o <= 255) ? octets.reduce((sum, octet) => sum * 256 + octet, 0) : NaN
}

/** A 32-bit number as a dotted IPv4 address. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.')
}


/** Whether a dotted IPv4 address is in the network. */
export function inIpv4Network(network: Ipv4Network, text: string): boolean {
  const address = parseIpv4(text)
  return !Number.isNaN(address) && address - (address % 2 ** (32 - network.prefix)) === network.base
}
