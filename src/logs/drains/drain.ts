import type { OutboundGuard } from '../../outbound/outbound-guard.js'
import type { BufferedLine } from '../log-buffer.js'

/**
 * Delivers one app's log lines to a receiver outside Berth, in Logplex's wire format. `push`
 * never blocks the log bus: each drain keeps a bounded backlog of its own while the receiver is
 * away, and past it drops lines and says so (L10). Drains pass drain.contract.ts.
 */
export interface Drain {
  push(line: BufferedLine): void
  /** Stops delivering and lets go of connections and timers. */
  close(): void
}

export interface DrainOptions {
  /** Lines kept while the receiver is away; beyond it lines drop and L10 reports the loss. */
  capacity: number
  /** Extra CA certificates (PEM) to trust for TLS receivers. */
  ca?: string[]
  /** Checked at every connection: the receiver's address must be public (or allowed). */
  outbound: Pick<OutboundGuard, 'resolve'>
}

export { targetHost } from '../../outbound/target-host.js'
