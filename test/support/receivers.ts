import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import { ensureLocalTls } from '../../src/tls/local-ca.js'
import { freePort } from '../../src/scheduler/local/free-port.js'
import { waitFor } from './wait-for.js'

/** Splits an RFC 6587 octet-counted stream (`<length> <message>…`) into messages. */
export function octetFrames(data: string): string[] {
  const frames: string[] = []
  let rest = Buffer.from(data)
  while (rest.length > 0) {
    const space = rest.indexOf(0x20)
    const length = Number(rest.subarray(0, space).toString())
    if (space < 0 || !Number.isInteger(length)) throw new Error(`bad framing at ${JSON.stringify(rest.subarray(0, 40).toString())}`)
    frames.push(rest.subarray(space + 1, space + 1 + length).toString())
    rest = rest.subarray(space + 1 + length)
  }
  return frames
}

/** rsyslog on a loopback port, writing each received message to a file the test reads. */
export async function startRsyslog(): Promise<{ port: number; messages(): string[]; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-rsyslog-'))
  const port = await freePort()
  const file = join(dir, 'received.log')
  writeFileSync(join(dir, 'rsyslog.conf'), `global(workDirectory="${dir}")
module(load="imtcp")
template(name="raw" type="string" string="%rawmsg%\\n")
ruleset(name="drain") { action(type="omfile" file="${file}" template="raw") }
input(type="imtcp" address="127.0.0.1" port="${port}" ruleset="drain")
`)
  const child: ChildProcess = spawn('rsyslogd', ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')], { stdio: 'ignore' })
  const { accepts } = await import('../../src/scheduler/local/free-port.js')
  await waitFor(() => accepts(port), { what: 'rsyslog to listen' })
  return {
    port,
    messages: () => {
      try {
        return readFileSync(file, 'utf8').split('\n').filter(Boolean)
      } catch {
        return []
      }
    },
    async stop() {
      child.kill()
    },
  }
}

/** A certificate for 127.0.0.1 from a throwaway CA, for TLS receivers; `caFile` is what Berth should trust. */
export async function receiverTls(): Promise<{ cert: string; key: string; caFile: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-receiver-tls-'))
  const tls = await ensureLocalTls(dir, ['127.0.0.1', 'localhost'])
  return { cert: tls.cert, key: tls.key, caFile: tls.caCertPath }
}

/** A syslog+tls receiver, listening, that collects octet-counted frames. */
export async function startTlsSyslog(credentials: { cert: string; key: string }): Promise<{ port: number; frames: string[]; stop(): Promise<void> }> {
  const port = await freePort()
  const receiver = syslogReceiver(port, credentials)
  await receiver.listen()
  return { port, frames: receiver.frames, stop: () => receiver.stop() }
}

export interface ReceivedBatch {
  headers: Record<string, string | string[] | undefined>
  frames: string[]
}

/** An HTTPS drain receiver; `listen()` can come later, to test an outage, and again after `stop()`. */
export function httpsReceiver(credentials: { cert: string; key: string }, port: number) {
  const batches: ReceivedBatch[] = []
  let server: HttpsServer | null = null
  let connections = 0
  return {
    batches,
    connections: () => connections,
    async listen() {
      server = createHttpsServer({ cert: credentials.cert, key: credentials.key }, (req, res) => {
        let body = ''
        req.setEncoding('utf8')
        req.on('data', (chunk) => { body += chunk })
        req.on('end', () => {
          batches.push({ headers: req.headers, frames: octetFrames(body) })
          res.end()
        })
      })
      server.on('secureConnection', () => connections++)
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
    },
    stop: async () => {
      server?.closeAllConnections()
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
    },
  }
}

/** A syslog receiver (TCP, or TLS with `credentials`) that collects octet-counted frames; it can stop and listen again. */
export function syslogReceiver(port: number, credentials?: { cert: string; key: string }) {
  const frames: string[] = []
  const sockets = new Set<Socket>()
  let connections = 0
  const onConnection = (socket: Socket) => {
    connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => {
      data += chunk
      try {
        frames.push(...octetFrames(data))
        data = ''
      } catch {
        // A frame split across packets: wait for the rest.
      }
    })
  }
  let server: NetServer | null = null
  return {
    frames,
    connections: () => connections,
    async listen() {
      server = credentials ? createTlsServer({ cert: credentials.cert, key: credentials.key }, onConnection) : createNetServer(onConnection)
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
    },
    async stop() {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
    },
  }
}
