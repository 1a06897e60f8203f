import type { IncomingMessage, Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Duplex } from 'node:stream'

/** The hosts the official CLI's `pipelines:diff` calls outside the Platform API, which Berth answers itself. */
export const STAND_IN_HOSTS = ['kolkrabbi.heroku.com', 'api.github.com'] as const

/**
 * Lets the API port answer `CONNECT kolkrabbi.heroku.com:443` and `CONNECT api.github.com:443` (and
 * nothing else: it is never an open proxy), so a CLI with `HTTPS_PROXY` pointed at Berth reaches
 * Berth's stand-ins for them. Each tunnel ends in TLS with a certificate for those names from the
 * local CA (`SSL_CERT_FILE`), and its requests go to the API server like any other.
 */
export function answerConnectForStandIns(server: Server, tls: { cert: string; key: string }): () => void {
  const secure = createHttpsServer({ cert: tls.cert, key: tls.key }, (request, response) => server.emit('request', request, response))
  secure.on('tlsClientError', (_error, socket) => socket.destroy())
  // A tunnel's socket leaves the HTTP server's keeping once CONNECT is answered: it is kept here, and
  // ends with either side (the API port's sockets are half-open otherwise), so a stop never waits on one.
  const tunnels = new Set<Duplex>()
  server.on('connect', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    tunnels.add(socket)
    socket.on('close', () => tunnels.delete(socket))
    socket.on('end', () => socket.destroy())
    socket.on('error', () => socket.destroy())
    const allowed = STAND_IN_HOSTS.some((host) => request.url === `${host}:443`)
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) socket.unshift(head)
    secure.emit('connection', socket)
  })
  return () => {
    secure.closeAllConnections()
    for (const socket of tunnels) socket.destroy()
  }
}
