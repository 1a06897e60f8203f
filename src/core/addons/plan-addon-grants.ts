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
    let url: URL
    try {
      url = new URL(value)
    } catch {
      continue
    }
    const host = loopback(url.hostname)
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol]
    if (host === null || port === undefined) continue
    grants.set(`${host}:${port}`, { host, port })
  }
  return [...grants.values()]
}
