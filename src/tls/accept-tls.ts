import type { Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Socket } from 'node:net'

const TLS_HANDSHAKE = 0x16

/**
 * Makes an HTTP server also speak TLS on the same port: the first byte of each
 * connection tells a TLS ClientHello (0x16) from plain HTTP. The official
 * heroku CLI writes `https://` git remotes for an `http://` API, so both must
 * work on one port. Returns a function that closes the TLS side's connections.
 */
export function acceptTlsOnSamePort(server: Server, tls: { cert: string; key: string }): () => void {
  const secure = createHttpsServer({ cert: tls.cert, key: tls.key }, (request, response) => server.emit('request', request, response))
  secure.on('tlsClientError', (_error, socket) => socket.destroy())
  const plain = server.listeners('connection') as ((socket: Socket) => void)[]
  server.removeAllListeners('connection')
  server.on('connection', (socket: Socket) => {
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null
      if (first === null) return void socket.destroy()
      socket.unshift(first)
      if (first[0] === TLS_HANDSHAKE) secure.emit('connection', socket)
      else for (const listener of plain) listener.call(server, socket)
    })
    socket.on('error', () => socket.destroy())
  })
  return () => secure.closeAllConnections()
}
