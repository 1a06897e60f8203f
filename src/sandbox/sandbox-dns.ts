import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { dirname } from 'node:path'

/** What a sandbox in a network namespace of its own should find at /etc/resolv.conf. */
export interface SandboxResolvConf {
  /** The file's text, or null when the host's own file serves as it is. */
  text: string | null
  /** Why names will not resolve in the sandbox, or null. */
  problem: string | null
}

const NAMESERVER = /^\s*nameserver\s+(\S+)/

function loopbackServer(line: string): boolean {
  const address = NAMESERVER.exec(line)?.[1]
  if (!address) return false
  return isIP(address) === 4 ? address.startsWith('127.') : address === '::1' || address.startsWith('::ffff:127.')
}

const servers = (text: string) => text.split('\n').filter((line) => NAMESERVER.test(line))

/**
 * A sandbox's loopback is its own, so a resolver the host names on loopback (systemd-resolved's stub
 * at 127.0.0.53, a local dnsmasq or unbound) does not answer there. As Docker does, such servers are
 * left out, and when none is left, systemd-resolved's own upstream servers (its
 * /run/systemd/resolve/resolv.conf) take their place. The host's other lines (search, options) stay.
 */
export function sandboxResolvConf(host: string, resolvedUpstreams: string | null): SandboxResolvConf {
  const lines = host.split('\n')
  if (!lines.some(loopbackServer) && servers(host).length > 0) return { text: null, problem: null }
  const kept = lines.filter((line) => line.trim() !== '' && !loopbackServer(line))
  if (servers(kept.join('\n')).length === 0) kept.push(...servers(resolvedUpstreams ?? '').filter((line) => !loopbackServer(line)))
  const text = `${kept.join('\n')}\n`
  if (servers(text).length > 0) return { text, problem: null }
  return {
    text,
    problem: '/etc/resolv.conf names no DNS server a dyno or build in its own network can reach (only this machine\'s loopback, which is not theirs), '
      + 'so names will not resolve there: name a server on another address, or run systemd-resolved, whose upstream servers Berth then uses',
  }
}

const HOST_RESOLV_CONF = '/etc/resolv.conf'
// systemd-resolved's list of the servers its stub forwards to.
const RESOLVED_UPSTREAMS = '/run/systemd/resolve/resolv.conf'

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

// Machine-wide (every server on the machine would write the same), in a root-owned tmpfs that
// sandboxes' unprivileged bubblewrap can read from.
const SANDBOX_RESOLV_CONF = '/run/berth/resolv.conf'

/**
 * The resolv.conf that dynos and builds in networks of their own are given, read again from the
 * host's files at each use (DHCP and VPNs change them): the host's own file when it serves, else
 * `file`, written (world-readable, replaced whole) with what `sandboxResolvConf` made of it.
 */
export class SandboxDns {
  constructor(private readonly file = SANDBOX_RESOLV_CONF, private readonly read: (path: string) => string | null = readOrNull) {}

  /** The host path to show at /etc/resolv.conf. */
  current(): string {
    const { text } = this.#choose()
    if (text === null) return HOST_RESOLV_CONF
    if (this.read(this.file) !== text) {
      const partial = `${this.file}.${process.pid}.tmp`
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o755 })
      writeFileSync(partial, text, { mode: 0o644 })
      renameSync(partial, this.file)
    }
    return this.file
  }

  /** Why names will not resolve in such networks, or null. */
  problem(): string | null {
    return this.#choose().problem
  }

  #choose(): SandboxResolvConf {
    return sandboxResolvConf(this.read(HOST_RESOLV_CONF) ?? '', this.read(RESOLVED_UPSTREAMS))
  }
}
