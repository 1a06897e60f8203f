import type { AddressInfo } from 'node:net'
import type { Config } from '../config/load-config.js'

/** What of the config says where the server is reached. */
export type ServerAddress = Pick<Config, 'host' | 'publicUrl'>

/** Where the server is reached, from the ports it actually bound (a requested port 0 is resolved by then). */
export interface ListeningUrls {
  /** The API as it listens, e.g. `http://127.0.0.1:5000`: printed, logged and returned to the caller. */
  apiUrl: string
  /** The router as it listens. */
  routerUrl: string
  /** The router's HTTPS as it listens. */
  routerTlsUrl: string
  /** Where git's pre-receive hook calls the API back. */
  internalUrl: string
  /** The API as users reach it (`git_url`, output and source URLs): `BERTH_PUBLIC_URL`, else `apiUrl`. */
  publicApiUrl: string
}

// Addresses that mean every interface: a server may listen on them, but a client cannot connect to them.
const WILDCARDS = ['0.0.0.0', '::']

/** A host as a URL writes it: an IPv6 address goes in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** The port a listener bound: the requested one, unless that was 0 and the system chose. */
export function boundPort(address: string | AddressInfo | null, requested: number): number {
  return typeof address === 'object' && address ? address.port : requested
}

export function listeningUrls(server: ServerAddress, ports: { api: number; router: number; routerTls: number }): ListeningUrls {
  const host = urlHost(server.host)
  const apiUrl = `http://${host}:${ports.api}`
  return {
    apiUrl,
    routerUrl: `http://${host}:${ports.router}`,
    routerTlsUrl: `https://${host}:${ports.routerTls}`,
    // The hook runs on this machine: it calls back over loopback, whatever address the API is published on.
    internalUrl: `http://${WILDCARDS.includes(server.host) ? '127.0.0.1' : host}:${ports.api}`,
    publicApiUrl: server.publicUrl ?? apiUrl,
  }
}

/**
 * `rendezvous://host:port`, where `heroku run` connects for an attached one-off (a secret path follows):
 * the public URL's host when there is one, since the CLI reaches the server there, else the listening one.
 */
export function rendezvousBaseUrl(server: ServerAddress, port: number): string {
  // A URL's hostname keeps an IPv6 address's brackets: take them off, urlHost puts them back once.
  const host = server.publicUrl ? new URL(server.publicUrl).hostname.replace(/^\[(.*)\]$/, '$1') : WILDCARDS.includes(server.host) ? '127.0.0.1' : server.host
  return `rendezvous://${urlHost(host)}:${port}`
}

/** The names the API port's local TLS certificate is issued for: loopback's, and the listening host unless a wildcard. */
export function certificateHosts(host: string): string[] {
  return [...new Set(['localhost', '127.0.0.1', '::1', host].filter((h) => !WILDCARDS.includes(h)))]
}
