import type { ConfigVars } from '../config-vars/config-vars.js'

/** A service on the machine's loopback that an app's dynos may reach, at that same address. */
export interface AddonGrant {
  host: string
  port: number
}

const DEFAULT_PORTS: Record<string, number> = { 'postgres:': 5432, 'postgresql:': 5432, 'redis:': 6379, 'rediss:': 6379 }

function loopback(hostname: string): string | null {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost') return '127.0.0.1'
  if (host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return host
  return null
}

/**
 * Which loopback servers a release's dynos may reach: those named by its add-ons' URLs (say
 * `DATABASE_URL=postgres://…@127.0.0.1:5432/…`), and nothing else on the machine. Add-ons on other
 * hosts need no grant: dynos reach the outside world anyway. Only add-on variables count, never
 * the user's own, so setting a config var cannot open a path to the host.
 */
export function planAddonGrants(addonConfigVars: ConfigVars): AddonGrant[] {
  const grants = new Map<string, AddonGrant>()
  for (const value of Object.values(addonConfigVars)) {
    const grant = loopbackServer(value)?.grant
    if (grant) grants.set(grantKey(grant), grant)
  }
  return [...grants.values()]
}

const grantKey = (grant: AddonGrant) => `${grant.host}:${grant.port}`

/** The loopback server a URL names, with the URL parsed; null for anything else. */
function loopbackServer(value: string): { grant: AddonGrant; url: URL } | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  const host = loopback(url.hostname)
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol]
  return host === null || port === undefined ? null : { grant: { host, port }, url }
}

/**
 * A dyno's environment for a machine other than the add-ons' own (ADR 0012): each URL naming a
 * granted loopback server names instead the address `via` gives for it (Berth's relay to that
 * server), so the same `DATABASE_URL` works from every node. Values naming servers `via` does not
 * relay, and every other value, are left as they are.
 */
export function addonUrlsVia(env: Readonly<Record<string, string>>, grants: readonly AddonGrant[], via: (grant: AddonGrant) => AddonGrant | null): Record<string, string> {
  const granted = new Set(grants.map(grantKey))
  const relocated: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    const server = loopbackServer(value)
    const to = server && granted.has(grantKey(server.grant)) ? via(server.grant) : null
    if (!server || !to) {
      relocated[name] = value
      continue
    }
    server.url.hostname = to.host
    server.url.port = String(to.port)
    relocated[name] = server.url.href
  }
  return relocated
}
