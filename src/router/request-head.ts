import type { IncomingMessage } from 'node:http'
import type { Arrival } from './arrival.js'

// Hop-by-hop headers (RFC 9110 §7.6.1), those the router sets itself, and Expect (Node's server has answered it).
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'transfer-encoding', 'upgrade', 'trailer', 'expect',
  'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-port', 'x-request-id', 'x-request-start', 'via'])

/**
 * The request line and headers for the dyno: the client's, less hop-by-hop ones (and those its Connection
 * header names), plus Heroku's X-Forwarded-For/Proto/Port, X-Request-Id, X-Request-Start and Via; `extra`
 * carries the framing or upgrade headers. One string, so the request head is one socket write.
 */
export function requestHead(req: IncomingMessage, { started, log }: Arrival, extra: string): string {
  const named = req.headers.connection?.toLowerCase().split(',').map((token) => token.trim())
  const raw = req.rawHeaders
  let head = `${req.method} ${req.url} HTTP/1.1\r\n`
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    if (!NOT_FORWARDED.has(name) && !named?.includes(name)) head += `${raw[i]}: ${raw[i + 1]}\r\n`
  }
  const forwardedFor = req.headers['x-forwarded-for']
  const via = req.headers.via
  return head + `X-Forwarded-For: ${forwardedFor ? forwardedFor + ', ' + log.fwd : log.fwd}\r\n`
    + `X-Forwarded-Proto: ${log.protocol}\r\nX-Forwarded-Port: ${req.socket.localPort ?? ''}\r\n`
    + `X-Request-Id: ${log.requestId}\r\nX-Request-Start: ${started}\r\nVia: ${via ? '1.1 berth, ' + via : '1.1 berth'}\r\n${extra}\r\n`
}
