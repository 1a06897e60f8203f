import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { createServer as createHttpServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import { createServer as createNetServer, connect, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import type { LogLine } from '../logs/log-sink.js'
import { Router } from './proxy.js'
import { endpoint, type AppRoute } from './route-source.js'

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

function listen(server: Server | ReturnType<typeof createNetServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
}

describe('router proxying to a dyno over its own HTTP/1.1 client', () => {
  const routes = new Map<string, AppRoute>()
  const logs: LogLine[] = []
  const counted: { appId: string; version: number; status: number; code?: string }[] = []
  const router = new Router({
    routes: { lookup: (host) => routes.get(host) ?? null, onChange: () => () => undefined },
    logs: { write: (line) => void logs.push(line) },
    requests: { request: (appId, version, status, _ms, code) => void counted.push({ appId, version, status, ...(code ? { code } : {}) }) },
    requestTimeoutMs: 1000,
    bootQueueMs: 100,
    responseIdleMs: 300,
  })
  let routerPort = 0
  const servers: { close(): unknown }[] = []

  /** Serves `app` at `<name>.localhost` through the router. */
  async function dyno(name: string, server: Server | ReturnType<typeof createNetServer>): Promise<number> {
    const port = await listen(server)
    servers.push(server)
    routes.set(`${name}.localhost`, { appId: name, appName: name, maintenance: false, state: 'serving', backends: [{ dynoName: 'web.1', ...endpoint('127.0.0.1', port) }] })
    return port
  }

  function send(app: string, options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string[] } = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const length = Buffer.isBuffer(options.body) ? { 'Content-Length': String(options.body.length) } : {}
      const req = request({ host: '127.0.0.1', port: routerPort, method: options.method ?? 'GET', path: options.path ?? '/', headers: { Host: `${app}.localhost`, ...length, ...options.headers } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      })
      req.on('error', reject)
      // An array of strings is sent as separate writes: with no Content-Length, Node sends them chunked.
      if (Array.isArray(options.body)) for (const part of options.body) req.write(part)
      else if (options.body) req.write(options.body)
      req.end()
    })
  }

  before(async () => {
    routerPort = await router.listen(0, '127.0.0.1')
  })

  after(async () => {
    await router.close()
    for (const server of servers) server.close()
  })

  it('counts each request toward the release of the dyno that answered, H-codes toward the serving release, maintenance toward none', async () => {
    const server = createHttpServer((req, res) => { res.statusCode = req.url === '/boom' ? 500 : 200; res.end('x') })
    servers.push(server)
    const port = await listen(server)
    const backend = { dynoName: 'web.1', releaseVersion: 7, ...endpoint('127.0.0.1', port) }
    routes.set('counted.localhost', { appId: 'counted', appName: 'counted', maintenance: false, state: 'serving', releaseVersion: 7, backends: [backend] })
    await send('counted')
    await send('counted', { path: '/boom' })
    routes.set('counted.localhost', { appId: 'counted', appName: 'counted', maintenance: false, state: 'crashed', releaseVersion: 8, backends: [] })
    assert.equal((await send('counted')).status, 503)
    routes.set('counted.localhost', { appId: 'counted', appName: 'counted', maintenance: true, state: 'serving', releaseVersion: 8, backends: [backend] })
    assert.equal((await send('counted')).status, 503)
    assert.deepEqual(counted.filter((c) => c.appId === 'counted'), [
      { appId: 'counted', version: 7, status: 200 }, { appId: 'counted', version: 7, status: 500 }, { appId: 'counted', version: 8, status: 503, code: 'H10' },
    ])
  })

  it("forwards the method, path, headers and body, adds Heroku's headers and strips hop-by-hop ones both ways", async () => {
    await dyno('echo', createHttpServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        res.setHeader('Set-Cookie', ['a=1', 'b=2'])
        res.setHeader('Connection', 'keep-alive, X-Private')
        res.setHeader('X-Private', 'hop')
        res.setHeader('Content-Type', 'application/json')
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() }))
      })
    }))
    const posted = await send('echo', { method: 'POST', path: '/items?x=1', headers: { 'Content-Type': 'text/plain', Connection: 'X-Client-Hop', 'X-Client-Hop': 'no', 'X-Forwarded-For': '10.0.0.1' }, body: Buffer.from('a body') })
    const seen = JSON.parse(posted.body.toString())
    assert.equal(posted.status, 200)
    assert.deepEqual([seen.method, seen.url, seen.body, seen.headers['content-type'], seen.headers['content-length']], ['POST', '/items?x=1', 'a body', 'text/plain', '6'])
    assert.equal(seen.headers['x-client-hop'], undefined, 'a header the client named in Connection stays with the router')
    assert.equal(seen.headers['x-forwarded-for'], '10.0.0.1, 127.0.0.1')
    assert.deepEqual([seen.headers['x-forwarded-proto'], seen.headers['x-forwarded-port'], seen.headers.via], ['http', String(routerPort), '1.1 berth'])
    assert.match(seen.headers['x-request-id'], /^[0-9a-f-]{36}$/)
    assert.ok(Math.abs(Number(seen.headers['x-request-start']) - Date.now()) < 5000)
    assert.deepEqual(posted.headers['set-cookie'], ['a=1', 'b=2'], 'repeated response headers all reach the client')
    assert.equal(posted.headers['x-private'], undefined, 'a header the dyno named in Connection stays with the router')

    const chunked = JSON.parse((await send('echo', { method: 'POST', body: ['first,', 'second'] })).body.toString())
    assert.deepEqual([chunked.body, chunked.headers['transfer-encoding']], ['first,second', 'chunked'], 'a chunked request body arrives whole, re-framed')
  })

  it('keeps one upstream connection alive across requests', async () => {
    let connections = 0
    const server = createHttpServer((_req, res) => res.end('ok'))
    server.on('connection', () => connections++)
    await dyno('pooled', server)
    for (let i = 0; i < 5; i++) assert.equal((await send('pooled')).body.toString(), 'ok')
    assert.equal(connections, 1)
  })

  it('streams chunked responses as they come, and answers HEAD, 204 and 304 without a body', async () => {
    let release: () => void = () => undefined
    await dyno('stream', createHttpServer((req, res) => {
      if (req.url === '/204') return void res.writeHead(204).end()
      if (req.url === '/304') return void res.writeHead(304, { ETag: '"x"' }).end()
      if (req.method === 'HEAD') return void res.writeHead(200, { 'Content-Length': '42' }).end()
      if (req.url === '/plain') return void res.end('plain')
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.write('data: first\n\n')
      release = () => res.end('data: last\n\n')
    }))
    const firstChunk = await new Promise<string>((resolve) => {
      request({ host: '127.0.0.1', port: routerPort, path: '/', headers: { Host: 'stream.localhost' } }, (res) => {
        res.once('data', (chunk: Buffer) => {
          resolve(chunk.toString())
          release()
        })
      }).end()
    })
    assert.equal(firstChunk, 'data: first\n\n', 'the first event arrives before the dyno ends the response')
    const head = await send('stream', { method: 'HEAD' })
    assert.deepEqual([head.status, head.headers['content-length'], head.body.length], [200, '42', 0])
    assert.deepEqual([(await send('stream', { path: '/204' })).status, (await send('stream', { path: '/304' })).status], [204, 304])
    assert.equal((await send('stream', { path: '/plain' })).body.toString(), 'plain', 'the connection is still usable after bodiless answers')
  })

  it('reads a body that ends when the dyno closes the connection', async () => {
    await dyno('until-close', createNetServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it'))
    }))
    const answer = await send('until-close')
    assert.deepEqual([answer.status, answer.body.toString()], [200, 'all of it'])
  })

  it('sends a GET again on a fresh connection when a kept-alive one turns out closed, but not a POST', async () => {
    // The dyno answers the first request on each connection, then hangs up on the next without a word:
    // what a keep-alive timeout racing a new request looks like.
    const answered = new WeakSet<Socket>()
    await dyno('stale', createNetServer((socket) => {
      socket.on('data', () => {
        if (answered.has(socket)) return void socket.destroy()
        answered.add(socket)
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
      })
    }))
    assert.equal((await send('stale')).status, 200)
    assert.deepEqual([(await send('stale')).status, (await send('stale')).status], [200, 200], 'retried on a new connection')
    const post = await send('stale', { method: 'POST', body: Buffer.from('once only') })
    assert.equal(post.status, 503, 'a request with a body is never sent twice')
    assert.equal((await send('stale')).status, 200)
    assert.equal((await send('stale', { method: 'POST' })).status, 503, 'nor is one that is not idempotent')
    assert.ok(logs.some((line) => line.appId === 'stale' && /code=H13/.test(line.message)))
  })

  /** The router's log lines for one app. */
  const routerLines = (app: string) => logs.filter((line) => line.appId === app).map((line) => line.message)

  it('answers H17 when the dyno sends malformed HTTP, and passes a large body at the pace of the client', async () => {
    await dyno('garbled', createNetServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n'))))
    assert.equal((await send('garbled')).status, 503)
    assert.match(routerLines('garbled').join('\n'), /at=error code=H17 desc="Poorly formatted HTTP response" .* status=503/)

    const size = 32 * 1024 * 1024
    const block = Buffer.alloc(64 * 1024, 7)
    let written = 0
    await dyno('large', createHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(size) })
      const pump = () => {
        while (written < size) {
          written += block.length
          if (!res.write(block)) return void res.once('drain', pump)
        }
        res.end()
      }
      pump()
    }))
    const digest = createHash('sha256')
    let received = 0
    let writtenWhilePaused = 0
    await new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port: routerPort, path: '/', headers: { Host: 'large.localhost' } }, (res) => {
        res.on('data', (chunk: Buffer) => {
          received += chunk.length
          digest.update(chunk)
          if (writtenWhilePaused > 0 || received < 1024 * 1024) return
          // Mid-download, the client stops reading for longer than the router's idle window (300 ms here):
          // a slow client is not an idle dyno.
          res.pause()
          const writtenAtPause = written
          writtenWhilePaused = 1
          setTimeout(() => {
            writtenWhilePaused = written - writtenAtPause
            res.resume()
          }, 700)
        })
        res.on('end', resolve)
        res.on('close', () => { if (!res.complete) reject(new Error(`the download was cut off after ${received} bytes`)) })
      }).on('error', reject).end()
    })
    assert.equal(received, size)
    assert.equal(digest.digest('hex'), createHash('sha256').update(Buffer.alloc(size, 7)).digest('hex'))
    assert.ok(writtenWhilePaused < size / 2, `the router read ahead only a bounded amount while the client paused (${writtenWhilePaused} bytes)`)
  })

  it('passes a large upload at the pace of the dyno', async () => {
    const size = 32 * 1024 * 1024
    let readingStarts: () => void = () => undefined
    await dyno('upload', createHttpServer((req, res) => {
      req.pause()
      readingStarts = () => {
        let received = 0
        req.on('data', (chunk: Buffer) => { received += chunk.length })
        req.on('end', () => res.end(String(received)))
        req.resume()
      }
    }))
    let sent = 0
    const answer = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: routerPort, method: 'POST', path: '/', headers: { Host: 'upload.localhost', 'Content-Length': String(size) } }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => { body += chunk.toString() })
        res.on('end', () => resolve(body))
      }).on('error', reject)
      const block = Buffer.alloc(64 * 1024, 1)
      const pump = () => {
        while (sent < size) {
          sent += block.length
          if (!req.write(block)) return void req.once('drain', pump)
        }
        req.end()
      }
      pump()
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    const sentWhileDynoPaused = sent
    readingStarts()
    assert.equal(await answer, String(size))
    assert.ok(sentWhileDynoPaused < size / 2, `the router buffered only a bounded amount while the dyno did not read (${sentWhileDynoPaused} bytes)`)
  })

  it('logs H18 when the dyno hangs up mid-response, H15 when it goes quiet mid-response, and H21 when it refuses', async () => {
    await dyno('cut', createNetServer((socket) => socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part')
      setTimeout(() => socket.destroy(), 50)
    })))
    await assert.rejects(send('cut'), 'the client is cut off, since its 200 had begun')
    assert.match(routerLines('cut').join('\n'), /^sock=backend at=error code=H18 desc="Server Request Interrupted" .* status=503 bytes=9 /m)

    await dyno('quiet', createNetServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n'))))
    const quietStarted = Date.now()
    await assert.rejects(send('quiet'))
    assert.ok(Date.now() - quietStarted >= 250, 'cut off only after the idle window (300 ms here)')
    assert.match(routerLines('quiet').join('\n'), /^at=error code=H15 desc="Idle connection" /m)

    const closed = createNetServer()
    const closedPort = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))
    routes.set('refused.localhost', { appId: 'refused', appName: 'refused', maintenance: false, state: 'serving', backends: [{ dynoName: 'web.1', ...endpoint('127.0.0.1', closedPort) }] })
    assert.equal((await send('refused', { method: 'POST', body: Buffer.from('x') })).status, 503)
    assert.match(routerLines('refused').join('\n'), /^at=error code=H21 desc="Backend connection refused" /m)
  })

  it("passes upgrades through with Heroku's headers", async () => {
    const server = createHttpServer()
    server.on('upgrade', (req, socket: Socket) => {
      socket.end(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n${JSON.stringify(req.headers)}`)
    })
    await dyno('upgrade', server)
    const seen = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
      request({ host: '127.0.0.1', port: routerPort, path: '/socket', headers: { Host: 'upgrade.localhost', Connection: 'Upgrade', Upgrade: 'echo' } })
        .on('upgrade', (_res, socket: Socket, head: Buffer) => {
          let text = head.toString()
          socket.on('data', (chunk: Buffer) => { text += chunk.toString() })
          socket.on('end', () => resolve(JSON.parse(text)))
        })
        .on('error', reject)
        .end()
    })
    assert.deepEqual([seen.connection, seen.upgrade, seen['x-forwarded-for'], seen.via], ['Upgrade', 'echo', '127.0.0.1', '1.1 berth'])
    assert.match(String(seen['x-request-id']), /^[0-9a-f-]{36}$/)
  })

  it('drops the dyno connection when the client goes away mid-response, and drains in-flight requests', async () => {
    let closedMidResponse = false
    let finishSlow: () => void = () => undefined
    const port = await dyno('drain', createHttpServer((req, res) => {
      if (req.url === '/forever') {
        res.writeHead(200)
        res.write('start')
        return void res.on('close', () => { closedMidResponse = !res.writableEnded })
      }
      finishSlow = () => res.end('slow done')
    }))
    const client = connect(routerPort, '127.0.0.1')
    client.write('GET /forever HTTP/1.1\r\nHost: drain.localhost\r\n\r\n')
    await new Promise((resolve) => client.once('data', resolve))
    client.destroy()
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.equal(closedMidResponse, true)
    assert.match(routerLines('drain').join('\n'), /^sock=client at=warning code=H27 desc="Client Request Interrupted" method=GET path="\/forever" .* status=499 bytes= /m)

    const slow = send('drain', { path: '/slow' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    let drained = false
    const draining = router.drain([endpoint('127.0.0.1', port)], 5000).then(() => { drained = true })
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.equal(drained, false, 'drain waits for the request in flight')
    finishSlow()
    assert.equal((await slow).body.toString(), 'slow done')
    await draining
  })
})
