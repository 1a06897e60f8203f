/** An IPv4 (4 bytes) or IPv6 (16 bytes) address. */
export type IpBytes = Uint8Array

/**
 * Parses an IP address as Node and DNS print them: a dotted quad, or IPv6 with `::`, an embedded
 * dotted quad, or a zone (`fe80::1%eth0`, the zone ignored). Brackets are the caller's to strip.
 * Anything else, names included, is null: other spellings (`127.1`, `0x7f.1`) never reach the
 * classifier, because the outbound guard lets the system resolver turn them into addresses first.
 */
export function parseIp(text: string): IpBytes | null {
  return parseIpv4(text) ?? parseIpv6(text)
}

function parseIpv4(text: string): IpBytes | null {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null
  return Uint8Array.from(parts.map(Number))
}

function parseIpv6(text: string): IpBytes | null {
  const address = text.replace(/%[^%]+$/, '')
  const halves = address.split('::')
  if (halves.length > 2 || address === '') return null
  const groups = (half: string): number[] | null => {
    if (half === '') return []
    const out: number[] = []
    const parts = half.split(':')
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part)
        if (!v4) return null
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!)
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
        out.push(parseInt(part, 16))
      } else {
        return null
      }
    }
    return out
  }
  const head = groups(halves[0]!)
  const tail = halves.length === 2 ? groups(halves[1]!) : []
  if (!head || !tail) return null
  // An embedded dotted quad may only end the address.
  if (halves.length === 2 && halves[0]!.includes('.')) return null
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail]
  const bytes = new Uint8Array(16)
  all.forEach((group, i) => {
    bytes[2 * i] = group >> 8
    bytes[2 * i + 1] = group & 0xff
  })
  return bytes
}

/** A network: an address and a prefix length (`10.0.0.0/8`, `fd00::/8`). */
export interface Cidr {
  bytes: IpBytes
  prefix: number
}

/** Parses `address/prefix`, or a bare address (all of its bits); null when malformed. */
export function parseCidr(text: string): Cidr | null {
  const [address = '', prefixText, ...rest] = text.trim().split('/')
  const bytes = parseIp(address)
  if (!bytes || rest.length > 0) return null
  const max = bytes.length * 8
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null
  const prefix = prefixText === undefined ? max : Number(prefixText)
  return prefix <= max ? { bytes, prefix } : null
}

/** Whether `address` lies in `network`; IPv4 and IPv6 never match each other. */
export function cidrContains(network: Cidr, address: IpBytes): boolean {
  if (network.bytes.length !== address.length) return false
  for (let bit = 0; bit < network.prefix; bit++) {
    const mask = 0x80 >> (bit % 8)
    if ((network.bytes[bit >> 3]! & mask) !== (address[bit >> 3]! & mask)) return false
  }
  return true
}
