import { isIP } from 'node:net'

/** The host of a URL without IPv6 brackets, and the TLS server name to ask for (none for an address). */
export function targetHost(url: URL): { host: string; servername: string | undefined } {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return { host, servername: isIP(host) === 0 ? host : undefined }
}
