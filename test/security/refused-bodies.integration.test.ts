import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { startTestServer, ADMIN_KEY, type TestServer } from '../support/test-server.js'

// A body the API refuses (413) is not read to its end, so the connection cannot carry another
// request: the server must close it. Left half-open, each refusal costs a socket in CLOSE-WAIT.

interface Refusal {
  status: number
  /** Milliseconds from the start of the answer to the server closing the connection; null if it did not within the wait. */
  closedAfterMs: number | null
  /** The client could not write the whole body because the server hung up first. */
  cutShort: boolean
}

/**
 * Sends a request over a raw socket, with a body of `bodyBytes` (declared with Content-Length unless
 * `chunked`; `sendBytes` of it actually sent), and watches what the server does after answering.
 */
function sendTooMuch(url: string, head: string, bodyBytes: number, chunked: boolean, sendBytes = bodyBytes): Promise<Refusal> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname)
    let answer = ''
    let answeredAt = 0
    let cutShort = false
    // Long enough for a loaded machine to take the body; the close itself must come soon after the answer.
    const timer = setTimeout(() => finish(null), 10_000)
    const finish = (closedAfterMs: number | null) => {
      clearTimeout(timer)
      socket.destroy()
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)
      resolve({ status, closedAfterMs, cutShort })
    }
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may reset a connection whose body it refused: that closes it too.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') cutShort = true
      else reject(error)
    })
    socket.on('data', (chunk) => {
      if (!answeredAt) answeredAt = Date.now()
      answer += chunk.toString('latin1')
    })
    socket.on('close', () => finish(answeredAt ? Date.now() - answeredAt : null))
    socket.on('connect', () => {
      socket.write(`${head}\r\nHost: ${hostname}\r\n${chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${bodyBytes}`}\r\n\r\n`)
      const piece = Buffer.alloc(64 * 1024, 0x61)
      let sent = 0
      const pump = () => {
        while (sent < sendBytes && !socket.destroyed) {
          const size = Math.min(piece.length, sendBytes - sent)
          sent += size
          const data = chunked ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), piece.subarray(0, size), Buffer.from('\r\n')]) : piece.subarray(0, size)
          if (!socket.write(data)) return void socket.once('drain', pump)
        }
        if (chunked && sent === bodyBytes && !socket.destroyed) socket.write('0\r\n\r\n')
      }
      pump()
    })
  })
}

describe('refused request bodies', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer({ env: { BERTH_MAX_SOURCE_SIZE: '1' } })
    await server.request('POST', '/apps', { body: { name: 'bodies' } })
  })
  after(async () => server?.close())

  const auth = `Authorization: Bearer ${ADMIN_KEY}`
  const assertClosed = (refusal: Refusal, what: string) => {
    assert.equal(refusal.status, 413, `${what}: ${JSON.stringify(refusal)}`)
    assert.ok(refusal.closedAfterMs !== null && refusal.closedAfterMs < 1500, `${what}: the server kept the connection open after its 413 (${JSON.stringify(refusal)})`)
    // The rest of a refused body is read and discarded before the close, so a client still writing it
    // meets no reset and gets to read the answer.
    assert.equal(refusal.cutShort, false, `${what}: the client was reset while sending`)
  }

  for (const chunked of [false, true]) {
    it(`closes the connection after refusing an oversized JSON body (${chunked ? 'chunked' : 'Content-Length'})`, async () => {
      assertClosed(await sendTooMuch(server.apiUrl, `PATCH /apps/bodies/config-vars HTTP/1.1\r\n${auth}\r\nContent-Type: application/json`, 3 * 1024 * 1024, chunked), 'config vars')
    })
  }

  it('refuses a body declared too large at once, without waiting for it, and closes the connection', async () => {
    const source = (await server.request('POST', '/sources')).body.source_blob.put_url as string
    const { pathname, search } = new URL(source)
    for (const [what, head] of [
      ['config vars', `PATCH /apps/bodies/config-vars HTTP/1.1\r\n${auth}\r\nContent-Type: application/json`],
      ['source', `PUT ${pathname}${search} HTTP/1.1`],
    ] as const) {
      assertClosed(await sendTooMuch(server.apiUrl, head, 3 * 1024 * 1024, false, 0), `${what}, nothing sent`)
      assertClosed(await sendTooMuch(server.apiUrl, head, 3 * 1024 * 1024, false, 100_000), `${what}, a little sent`)
    }
  })

  it('closes the connection after refusing an oversized source upload or slug archive', async () => {
    const source = (await server.request('POST', '/sources')).body.source_blob.put_url as string
    const slug = (await server.request('POST', '/apps/bodies/slugs', { body: { process_types: { web: 'x' } } })).body.blob.url as string
    for (const [what, url] of [['source', source], ['slug archive', slug]]) {
      const { pathname, search } = new URL(url!)
      for (const chunked of [false, true]) {
        assertClosed(await sendTooMuch(server.apiUrl, `PUT ${pathname}${search} HTTP/1.1`, 3 * 1024 * 1024, chunked), `${what}, ${chunked ? 'chunked' : 'Content-Length'}`)
      }
    }
  })

  it('lets a client that pauses while sending a refused body finish it and read the answer, without a reset', async () => {
    const source = (await server.request('POST', '/sources')).body.source_blob.put_url as string
    const { hostname, port, pathname, search } = new URL(source)
    const bodyBytes = 3 * 1024 * 1024
    // allowHalfOpen: the client keeps writing after the server's FIN, as HTTP clients busy sending do.
    const socket = connect({ port: Number(port), host: hostname, allowHalfOpen: true })
    const errors: string[] = []
    socket.on('error', (error: NodeJS.ErrnoException) => errors.push(error.code ?? error.message))
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')))
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    const write = (data: Buffer | string) => new Promise<void>((resolve) => socket.write(data, () => resolve()))
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    await write(`PUT ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: ${bodyBytes}\r\n\r\n`)
    await write(Buffer.alloc(bodyBytes / 2, 0x61))
    // A loaded machine can stall a sender for seconds: the refused body is still read, not reset.
    await new Promise((resolve) => setTimeout(resolve, 2500))
    await write(Buffer.alloc(bodyBytes / 2, 0x61))
    socket.end()
    await closed
    assert.match(answer, /^HTTP\/1\.1 413 /)
    assert.deepEqual(errors, [], 'the server reset a client still sending its refused body')
  })

  it('keeps the connection of a small call it refused unread, for the next request on it', async () => {
    const { hostname, port } = new URL(server.apiUrl)
    const socket = connect(Number(port), hostname)
    let answers = ''
    let ended = false
    socket.on('data', (chunk) => (answers += chunk.toString('latin1')))
    socket.on('end', () => (ended = true))
    socket.on('error', () => (ended = true))
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    const statuses = () => [...answers.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))
    const until = async (done: () => boolean) => {
      const deadline = Date.now() + 5000
      while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const body = JSON.stringify({ EVIL: '1' })
    // Refused in a hook before its body is read (a bad token), the body arriving in a later packet.
    socket.write(`PATCH /apps/bodies/config-vars HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer not-a-token\r\n`
      + `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`)
    await until(() => statuses().length === 1)
    socket.write(body)
    // A keep-alive client sends its next request on the same connection once the answer is in.
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.equal(ended, false, 'the server closed a connection it had answered with keep-alive')
    socket.write(`GET /apps/bodies HTTP/1.1\r\nHost: ${hostname}\r\n${auth}\r\n\r\n`)
    await until(() => statuses().length === 2 || ended)
    socket.destroy()
    assert.deepEqual(statuses(), [401, 200], answers.slice(0, 500))
  })

  it('still answers on a fresh connection afterwards', async () => {
    assert.equal((await server.request('GET', '/apps/bodies')).status, 200)
  })
})
