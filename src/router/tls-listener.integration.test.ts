import assert from 'node:assert/strict'
import { createServer as createHttpServer, get, type IncomingHttpHeaders, type Server } from 'node:http'
import { request } from 'node:https'
import type { Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls'
import { testCa, type TestCa } from '../../test/support/test-pki.js'
import { waitFor } from '../../test/support/wait-for.js'
import type { LogLine } from '../logs/log-sink.js'
import type { CertificateSource, ServedCertificate } from './certificate-source.js'
import { Router } from './proxy.js'
import { endpoint, type AppRoute } from './route-source.js'

/** A TLS connection to the router that has finished its handshake, and the session ticket it got (if any). */
interface Connected {
  socket: TLSSocket
  session: Promise<Buffer>
}

/** Certificates by exact name or `*.<rest>`, each a version that `swap` replaces. */
class FakeCertificates implements CertificateSource {
  readonly byName = new Map<string, ServedCertificate>()
  asked: string[] = []

  certificateFor(hostname: string): ServedCertificate | null {
    this.asked.push(hostname)
    return this.byName.get(hostname) ?? this.byName.get(`*${hostname.slice(hostname.indexOf('.'))}`) ?? null
  }

  async add(ca: TestCa, name: string, version = '1'): Promise<void> {
    const issued = await ca.issue([name])
    this.byName.set(name, { id: name, version, cert: issued.cert, key: issued.key })
  }
}

describe("the router's HTTPS", () => {
  let ca: TestCa
  const routes = new Map<string, AppRoute>()
  const logs: LogLine[] = []
  const certificates = new FakeCertificates()
  const fallback = new FakeCertificates()
  const router = new Router({
    routes: { lookup: (host) => routes.get(host) ?? null, onChange: () => () => undefined },
    logs: { write: (line) => void logs.push(line) },
    requestTimeoutMs: 2000,
    bootQueueMs: 100,
  })
  let port = 0
  let httpPort = 0
  let dyno: Server

  /** A TLS handshake with the router for `servername`, trusting only the test CA. */
  function handshake(servername: string | undefined, options: ConnectionOptions = {}, to = port): Promise<Connected> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: to, servername, ca: ca.cert, ...options }, () => resolve({ socket, session }))
      // A TLS 1.2 ticket comes within the handshake, so the listener is there from the start.
      const session = new Promise<Buffer>((resolveSession) => socket.once('session', resolveSession))
      socket.once('error', reject)
    })
  }

  /** One request over an open connection; the dyno answers `application/json` of what it saw, with a Content-Length. */
  function exchange(socket: TLSSocket, host: string, path = '/'): Promise<{ head: string; seen: { headers: IncomingHttpHeaders } }> {
    return new Promise((resolve, reject) => {
      let text = ''
      const onData = (chunk: Buffer) => {
        text += chunk.toString()
        const end = text.indexOf('\r\n\r\n')
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(text)?.[1] ?? NaN)
        if (end < 0 || text.length < end + 4 + length) return
        socket.off('data', onData)
        resolve({ head: text.slice(0, end), seen: JSON.parse(text.slice(end + 4)) })
      }
      socket.on('data', onData)
      socket.once('error', reject)
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`)
    })
  }

  /** The subject CN of the certificate the router served. */
  const servedName = (socket: TLSSocket) => socket.getPeerCertificate().subject.CN

  before(async () => {
    ca = await testCa()
    await certificates.add(ca, 'shop.example.test')
    await certificates.add(ca, '*.apps.example.test')
    await fallback.add(ca, 'dev.berth.test')
    dyno = createHttpServer((req, res) => {
      const body = JSON.stringify({ headers: req.headers })
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
      res.end(body)
    })
    dyno.on('upgrade', (req, socket: Socket, head: Buffer) => {
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n${JSON.stringify(req.headers)}\n`)
      if (head.length) socket.write(head)
      socket.pipe(socket)
    })
    const dynoPort = await new Promise<number>((resolve) => dyno.listen(0, '127.0.0.1', () => resolve((dyno.address() as { port: number }).port)))
    for (const host of ['shop.example.test', 'one.apps.example.test', 'two.apps.example.test', 'dev.berth.test']) {
      routes.set(host, { appId: host, appName: host, maintenance: false, state: 'serving', backends: [{ dynoName: 'web.1', ...endpoint('127.0.0.1', dynoPort) }] })
    }
    httpPort = await router.listen(0, '127.0.0.1')
    port = await router.listenTls(0, '127.0.0.1', { certificates, fallback })
  })

  after(async () => {
    await router.close()
    dyno.close()
  })

  it('serves each SNI name its own certificate, a wildcard over one label, and the fallback when the source has none', async () => {
    for (const [name, expected] of [['shop.example.test', 'shop.example.test'], ['one.apps.example.test', '*.apps.example.test'], ['TWO.apps.example.test', '*.apps.example.test'], ['dev.berth.test', 'dev.berth.test']]) {
      const { socket } = await handshake(name!)
      assert.equal(socket.authorized, true, `${name}: ${socket.authorizationError}`)
      assert.equal(servedName(socket), expected)
      socket.destroy()
    }
    assert.ok(certificates.asked.includes('two.apps.example.test'), 'the source is asked for the name in lower case')
  })

  it("fails the handshake for a name no source covers, and without SNI, rather than serve someone else's certificate", async () => {
    for (const name of ['unknown.example.test', 'deep.one.apps.example.test', undefined]) {
      await assert.rejects(handshake(name, { rejectUnauthorized: false }), /handshake failure|alert/i, `${name}`)
    }
  })

  it('tells the dyno the request came over HTTPS on this port, and logs protocol=https', async () => {
    const { socket } = await handshake('shop.example.test')
    const { seen } = await exchange(socket, 'shop.example.test', '/over-tls')
    socket.destroy()
    assert.deepEqual([seen.headers['x-forwarded-proto'], seen.headers['x-forwarded-port'], seen.headers['x-forwarded-for']], ['https', String(port), '127.0.0.1'])
    assert.match(logs.find((line) => line.message.includes('path="/over-tls"'))!.message, /^at=info method=GET path="\/over-tls" host=shop\.example\.test .* status=200 bytes=\d+ protocol=https$/)

    const plain = await new Promise<{ headers: IncomingHttpHeaders }>((resolve, reject) => {
      get({ host: '127.0.0.1', port: httpPort, path: '/over-http', headers: { Host: 'shop.example.test' } }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => { body += chunk })
        res.on('end', () => resolve(JSON.parse(body)))
      }).on('error', reject)
    })
    assert.deepEqual([plain.headers['x-forwarded-proto'], plain.headers['x-forwarded-port']], ['http', String(httpPort)], 'the HTTP port is unchanged')
    assert.match(logs.find((line) => line.message.includes('path="/over-http"'))!.message, / protocol=http$/)
  })

  it('speaks TLS 1.2 and 1.3 with forward-secret AEAD ciphers, refuses TLS 1.1, and agrees on http/1.1', async () => {
    for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
      const { socket } = await handshake('shop.example.test', { minVersion: version, maxVersion: version, ALPNProtocols: ['h2', 'http/1.1'] })
      assert.deepEqual([socket.getProtocol(), socket.alpnProtocol], [version, 'http/1.1'])
      assert.match(socket.getCipher().name, version === 'TLSv1.3' ? /^TLS_(AES_\d+_GCM|CHACHA20_POLY1305)_SHA\d+$/ : /^ECDHE-(ECDSA|RSA)-(AES\d+-GCM|CHACHA20-POLY1305)/)
      socket.destroy()
    }
    // The client offers TLS 1.1 (allowed at security level 0 only): the router answers with a protocol_version alert.
    await assert.rejects(handshake('shop.example.test', { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }), { code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' })
    // Node's own defaults would take this one (CBC, HMAC-SHA256), the router's policy does not.
    await assert.rejects(handshake('shop.example.test', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA256' }), /handshake failure/i, 'no cipher without AEAD')
  })

  it('passes a WebSocket upgrade over TLS, with the forwarded protocol', async () => {
    const { seen, echoed } = await new Promise<{ seen: IncomingHttpHeaders; echoed: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, servername: 'one.apps.example.test', ca: ca.cert, agent: false, path: '/socket', headers: { Host: 'one.apps.example.test', Connection: 'Upgrade', Upgrade: 'websocket' } })
        .on('upgrade', (_res, socket: Socket, head: Buffer) => {
          let text = head.toString()
          socket.on('data', (chunk: Buffer) => {
            text += chunk.toString()
            const [headers, rest] = text.split('\n')
            if (rest === 'ping') {
              socket.destroy()
              resolve({ seen: JSON.parse(headers!), echoed: rest })
            }
          })
          socket.write('ping')
        })
        .on('error', reject)
        .end()
    })
    assert.equal(echoed, 'ping', 'bytes flow both ways after the upgrade')
    assert.deepEqual([seen.upgrade, seen['x-forwarded-proto'], seen['x-forwarded-port']], ['websocket', 'https', String(port)])
  })

  it('serves a certificate swapped in the source to new handshakes while a kept-alive connection goes on', async () => {
    await certificates.add(ca, 'shop.example.test', 'before')
    const kept = await handshake('shop.example.test')
    await exchange(kept.socket, 'shop.example.test')
    const before = kept.socket.getPeerCertificate().fingerprint256
    await certificates.add(ca, 'shop.example.test', 'after')
    const fresh = await handshake('shop.example.test')
    assert.notEqual(fresh.socket.getPeerCertificate().fingerprint256, before, 'a new handshake gets the new certificate')
    const { head } = await exchange(kept.socket, 'shop.example.test', '/still-open')
    assert.match(head, /^HTTP\/1\.1 200 /, 'the connection opened before the swap still serves')
    assert.equal(kept.socket.getPeerCertificate().fingerprint256, before)
    kept.socket.destroy()
    fresh.socket.destroy()
  })

  it('resumes sessions from tickets, whichever certificate the name has', async () => {
    for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
      for (const name of ['shop.example.test', 'dev.berth.test']) {
        const first = await handshake(name, { minVersion: version, maxVersion: version })
        await exchange(first.socket, name)
        const session = await first.session
        first.socket.destroy()
        const second = await handshake(name, { minVersion: version, maxVersion: version, session })
        assert.equal(second.socket.isSessionReused(), true, `${version} ${name}`)
        second.socket.destroy()
      }
    }
  })

  it('replaces its ticket keys: a session from before is not resumed, new ones are', async () => {
    const rotating = new Router({ routes: { lookup: (host) => routes.get(host) ?? null, onChange: () => () => undefined }, logs: { write: () => undefined }, requestTimeoutMs: 1000, bootQueueMs: 100 })
    const rotatingPort = await rotating.listenTls(0, '127.0.0.1', { certificates, fallback, ticketKeyRotationMs: 200 })
    try {
      const session = async () => {
        const { socket, session } = await handshake('shop.example.test', {}, rotatingPort)
        await exchange(socket, 'shop.example.test')
        socket.destroy()
        return session
      }
      const resumes = async (session: Buffer) => {
        const { socket } = await handshake('shop.example.test', { session }, rotatingPort)
        const reused = socket.isSessionReused()
        socket.destroy()
        return reused
      }
      const old = await session()
      await waitFor(async () => !(await resumes(old)), { timeoutMs: 5000, what: 'the keys to rotate' })
      // Another rotation may fall between getting a session and using it: a try soon finds none.
      await waitFor(async () => resumes(await session()), { timeoutMs: 5000, what: 'a session sealed with the new keys to resume' })
    } finally {
      await rotating.close()
    }
  })

  it('waits for a fallback that takes a moment, and reports one that fails', async () => {
    const errors: string[] = []
    const slow = new Router({ routes: { lookup: (host) => routes.get(host) ?? null, onChange: () => () => undefined }, logs: { write: () => undefined }, requestTimeoutMs: 1000, bootQueueMs: 100 })
    const issued = await ca.issue(['late.berth.test'])
    const slowPort = await slow.listenTls(0, '127.0.0.1', {
      certificates,
      fallback: {
        certificateFor: async (hostname) => {
          await new Promise((resolve) => setTimeout(resolve, 50))
          if (hostname === 'broken.berth.test') throw new Error('the CA is unreachable')
          return hostname === 'late.berth.test' ? { id: hostname, version: '1', cert: issued.cert, key: issued.key } : null
        },
      },
      onError: (error, hostname) => void errors.push(`${hostname}: ${(error as Error).message}`),
    })
    try {
      const late = await handshake('late.berth.test', {}, slowPort)
      assert.equal(servedName(late.socket), 'late.berth.test')
      late.socket.destroy()
      await assert.rejects(handshake('broken.berth.test', { rejectUnauthorized: false }, slowPort), /handshake failure|alert/i)
      assert.deepEqual(errors, ['broken.berth.test: the CA is unreachable'])
    } finally {
      await slow.close()
    }
  })
})
