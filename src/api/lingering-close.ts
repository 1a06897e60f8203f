import type { IncomingMessage, ServerResponse } from 'node:http'

/** How long a refused body may pause before the socket is destroyed (nginx's lingering_timeout). */
export const LINGER_IDLE_MS = 5000
/** How long a refused body may keep arriving after the answer, however steadily (nginx's lingering_time). */
export const LINGER_MAX_MS = 30_000

/**
 * Closes a connection whose request body was refused before it was read to its end, without losing
 * the answer (nginx's "lingering close"). The rest of the body is read and discarded, so a client
 * still writing it meets no reset and can read the answer; the server sends its FIN once the answer
 * is out; the socket is destroyed when the client closes its side, or when the body stops arriving
 * for LINGER_IDLE_MS, or LINGER_MAX_MS after the answer at the latest. A loaded machine can take a
 * while to write a large body, so the limit is on silence, not on the whole body.
 * The answer carries no `Connection: close`: Node would destroy the socket right after it, and a
 * client still sending would get a reset instead of the answer.
 */
export function lingeringClose(request: IncomingMessage, response: ServerResponse): void {
  const socket = request.socket
  request.resume()
  response.once('finish', () => {
    if (socket.destroyed) return
    socket.end()
    const destroy = () => socket.destroy()
    const last = setTimeout(destroy, LINGER_MAX_MS).unref()
    let idle = setTimeout(destroy, LINGER_IDLE_MS).unref()
    const onData = () => {
      clearTimeout(idle)
      idle = setTimeout(destroy, LINGER_IDLE_MS).unref()
    }
    // The HTTP parser reads the socket itself, so the body's arrival shows on the request.
    request.on('data', onData)
    socket.once('close', () => {
      clearTimeout(last)
      clearTimeout(idle)
      request.off('data', onData)
    })
  })
}
