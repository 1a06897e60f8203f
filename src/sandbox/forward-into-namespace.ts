import { spawn } from 'node:child_process'
import { connect, type Server, type Socket } from 'node:net'

/** A service on the host's loopback that one sandbox may reach at the same address (an add-on's server). */
export interface Grant {
  host: string
  port: number
}

// Runs inside the sandbox's namespace: listens on each granted address there and hands the
// listening sockets back over the IPC channel, then exits. Berth, in the host's namespace, accepts
// on them and connects each client to the same address on the host.
const LISTENER = `
const net = require('node:net')
const grants = JSON.parse(process.argv[1])
let left = grants.length
for (const grant of grants) {
  const server = net.createServer()
  server.on('error', (error) => { process.send({ error: error.message }); process.exitCode = 1; process.disconnect() })
  server.listen({ host: grant.host, port: grant.port }, () => {
    process.send({ grant }, server, () => { server.close(); if (--left === 0) process.disconnect() })
  })
}
`

const HANDOFF_TIMEOUT_MS = 10_000

/**
 * Makes each granted host address reachable inside the namespace at the same address, so a
 * dyno's `DATABASE_URL` works unchanged and reaches that server and nothing else on the host.
 */
export function forwardIntoNamespace(namespacePath: string, grants: readonly Grant[]): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const servers: Server[] = []
    const sockets = new Set<Socket>()
    const close = () => {
      for (const server of servers) server.close()
      for (const socket of sockets) socket.destroy()
    }
    const child = spawn('nsenter', [`--net=${namespacePath}`, '--', process.execPath, '-e', LISTENER, JSON.stringify(grants)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { PATH: '/usr/bin:/bin' },
    })
    let stderr = ''
    child.stderr!.on('data', (chunk) => { stderr += chunk })
    let settled = false
    const fail = (why: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill('SIGKILL')
      close()
      reject(new Error(`could not forward ${grants.map((g) => `${g.host}:${g.port}`).join(', ')} into the dyno's network: ${why}`))
    }
    const timer = setTimeout(() => fail('timed out'), HANDOFF_TIMEOUT_MS)
    child.on('error', (error) => fail(error.message))
    child.on('message', (message: { grant?: Grant; error?: string }, handle: unknown) => {
      if (message.error || !message.grant || !handle) return fail(message.error ?? 'no listener came back')
      const { host, port } = message.grant
      const server = handle as Server
      servers.push(server)
      server.on('connection', (client: Socket) => {
        const upstream = connect({ host, port })
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('error', () => { client.destroy(); upstream.destroy() })
          socket.on('close', () => sockets.delete(socket))
        }
        client.pipe(upstream).pipe(client)
      })
      if (servers.length === grants.length && !settled) {
        settled = true
        clearTimeout(timer)
        resolve({ close })
      }
    })
    child.on('close', (code) => {
      if (servers.length < grants.length) fail(`the listener exited with status ${code}${stderr ? `: ${stderr.trim()}` : ''}`)
    })
  })
}
