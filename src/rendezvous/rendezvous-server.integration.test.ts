import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { connect, type TLSSocket } from 'node:tls'
import { ensureLocalTls } from '../tls/local-ca.js'
import { RendezvousServer } from './rendezvous-server.js'

describe('RendezvousServer', () => {
  let dir: string
  let ca: string
  let server: RendezvousServer
  let port: number
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-rendezvous-'))
    const tls = await ensureLocalTls(dir, ['127.0.0.1'])
    ca = readFileSync(tls.caCertPath, 'utf8')
    server = new RendezvousServer(tls)
    port = await server.listen(0, '127.0.0.1')
  })
  after(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** A client as `heroku run` is one: TLS trusting the local CA, then the secret and CRLF. */
  function client(secret: string): Promise<{ socket: TLSSocket; received: () => string; closed: Promise<void> }> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca, servername: '127.0.0.1' }, () => {
        socket.write(`${secret}\r\n`)
        resolve({ socket, received: () => text, closed })
      })
      let text = ''
      socket.setEncoding('utf8')
      socket.on('data', (chunk) => { text += chunk })
      const closed = new Promise<void>((done) => socket.on('close', () => done()))
      socket.on('error', reject)
    })
  }

  it('greets the client with one line, then carries its input until EOT and the output back', async () => {
    const { secret, connection } = server.open(5000)
    const { socket, received, closed } = await client(secret)
    const io = await connection
    let input = ''
    io.input.setEncoding('utf8')
    io.input.on('data', (chunk: string) => { input += chunk })
    const ended = new Promise((resolve) => io.input.on('end', resolve))
    socket.write('typed\n\u0004ignored after EOT')
    await ended
    assert.equal(input, 'typed\n')
    io.output.write('output\n')
    io.close()
    await closed
    assert.equal(received(), 'rendezvous\r\noutput\n')
  })

  it('hangs up on a wrong secret, and each secret works once', async () => {
    const { secret, connection } = server.open(5000)
    const wrong = await client('not-the-secret')
    await wrong.closed
    assert.equal(wrong.received(), '')
    const right = await client(secret)
    ;(await connection).close()
    await right.closed
    const again = await client(secret)
    await again.closed
    assert.equal(again.received(), '')
  })

  it('gives up on a secret nobody claims in time', async () => {
    const { connection } = server.open(50)
    await assert.rejects(connection, /no client attached within 1 s/)
  })
})
