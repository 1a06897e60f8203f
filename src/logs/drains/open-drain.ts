import type { Drain, DrainOptions } from './drain.js'
import { HttpsDrain } from './https-drain.js'
import { SyslogDrain } from './syslog-drain.js'

/** The drain a URL names: `syslog://` and `syslog+tls://` (RFC 5424 over TCP), `https://` and `http://` (logplex-1). */
export function openDrain(url: URL, token: string, options: DrainOptions): Drain {
  return url.protocol.startsWith('syslog') ? new SyslogDrain(url, token, options) : new HttpsDrain(url, token, options)
}
