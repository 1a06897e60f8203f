import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, type Server } from 'node:https'
import { SecureContexts, type SecureContextsOptions } from './secure-contexts.js'
import { ALPN_PROTOCOLS, TLS_POLICY } from './tls-policy.js'

// Session tickets stay valid for Node's sessionTimeout (300 s), so a rotation costs a client at
// most one full handshake. Node holds one ticket key at a time: tickets sealed with the previous
// key (issued in the 5 minutes before a rotation) are not resumed, they get a full handshake.
const TICKET_KEY_ROTATION_MS = 12 * 3600_000

export interface TlsListenerOptions extends Omit<SecureContextsOptions, 'ticketKeys'> {
  /** How often session ticket keys are replaced. Default 12 hours. */
  ticketKeyRotationMs?: number
}

/** The router's HTTPS server, and the stopper of its ticket key rotation. */
export interface TlsListener {
  server: Server
  stopRotating(): void
}

/**
 * An HTTPS server that picks each connection's certificate by SNI name (`secure-contexts.ts`) and
 * hands requests to `handle`. Session tickets resume any certificate's sessions: every context
 * shares the listener's ticket keys, which are replaced every 12 hours (by default).
 */
export function createTlsListener(options: TlsListenerOptions, handle: (req: IncomingMessage, res: ServerResponse) => void): TlsListener {
  const ticketKeys = randomBytes(48)
  const contexts = new SecureContexts({ ...options, ticketKeys })
  const server = createServer({
    ...TLS_POLICY, ALPNProtocols: ALPN_PROTOCOLS, ticketKeys, SNICallback: contexts.select, noDelay: true, keepAlive: true,
  }, handle)
  const rotation = setInterval(() => {
    const next = randomBytes(48)
    server.setTicketKeys(next)
    contexts.useTicketKeys(next)
  }, options.ticketKeyRotationMs ?? TICKET_KEY_ROTATION_MS)
  rotation.unref()
  return { server, stopRotating: () => clearInterval(rotation) }
}
