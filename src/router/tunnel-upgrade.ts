import { connect, type Socket } from 'node:net'
import type { Endpoint } from './route-source.js'

/** Where an upgrade request goes, and what to do once the dyno's side has closed. */
export interface UpgradeTarget {
  endpoint: Endpoint
  /** The request line and headers the dyno gets, with its Connection and Upgrade headers. */
  requestHead: string
  onClose: () => void
}

/**
 * Passes an upgrade (WebSocket) request to a dyno on a connection of its own, outside the pool (it
 * stops being HTTP once upgraded), then pipes bytes both ways until either side closes.
 */
export function tunnelUpgrade(socket: Socket, head: Buffer, target: UpgradeTarget): void {
  const upstream = connect(target.endpoint.port, target.endpoint.host, () => {
    upstream.write(target.requestHead, 'latin1')
    if (head.length) upstream.write(head)
    upstream.pipe(socket)
    socket.pipe(upstream)
  })
  upstream.once('close', () => {
    target.onClose()
    upstream.destroy()
    socket.destroy()
  })
  socket.once('close', () => upstream.destroy())
  upstream.on('error', () => socket.destroy())
  socket.on('error', () => upstream.destroy())
}
