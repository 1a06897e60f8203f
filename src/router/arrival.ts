import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { RequestFields } from './router-errors.js'

// Heroku compat: a client's X-Request-Id of 20–200 characters of [A-Za-z0-9+/=-] is kept.
const REQUEST_ID = /^[A-Za-z0-9+/=-]{20,200}$/

/** When a request arrived, and the fields its log line and forwarded headers carry. */
export interface Arrival {
  started: number
  log: RequestFields
}

/** Reads a request as it arrives: the host without its port, the request id to keep or make, the client's address, HTTP or HTTPS. */
export function arrival(req: IncomingMessage): Arrival {
  const incomingId = req.headers['x-request-id']
  const requestId = typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : randomUUID()
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
  const fwd = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? ''
  const protocol = (req.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http'
  return { started: Date.now(), log: { method: req.method ?? 'GET', path: req.url ?? '/', host, requestId, fwd, protocol } }
}
