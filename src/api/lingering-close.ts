import type { IncomingMessage, ServerResponse } from 'node:http'

/** How long a refused body may keep arriving after the answer before the socket is destroyed. */
export const LINGER_MS = 1000

/**
 * Closes a connection whose request body was refused before it was read to its end, without losing
 * the answer (nginx's "lingering close"). The rest of the body is read and discarded, so a client
 * still writing it meets no reset and can read the answer; the server sends its FIN once the answer
 * is out; the socket is destroyed when the client closes its side, or LINGER_MS later at the latest.
 * The answer carries no `Connection: close`: Node would destroy the socket right after it, and a
 * client still sending would get a reset instead of the answer.
 */
export function lingeringClose(request: IncomingMessage, response: ServerResponse, lingerMs = LINGER_MS): void {
  const socket = request.socket
  request.resume()
  response.once('finish', () => {
    if (socket.destroyed) return
    socket.end()
    setTimeout(() => socket.destroy(), lingerMs).unref()
  })
}
