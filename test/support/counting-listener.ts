import { createServer } from 'node:net'

export interface CountingListener {
  port: number
  /** How many connections reached it so far. */
  connections(): number
  close(): void
}

/** A TCP listener on 127.0.0.1 that counts connections and hangs up: an SSRF test's "internal service", which nothing may reach. */
export async function countingListener(): Promise<CountingListener> {
  let connections = 0
  const listener = createServer((socket) => {
    connections++
    socket.destroy()
  })
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
  return { port: (listener.address() as { port: number }).port, connections: () => connections, close: () => listener.close() }
}
