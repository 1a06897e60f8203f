import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import { connect, type TLSSocket } from 'node:tls'
import { pino } from 'pino'
import { testCa } from '../../test/support/test-pki.js'
import { loadConfig } from '../config/load-config.js'
import { startServer } from './server.js'

const silent = pino({ level: 'silent' })

async function get(apiUrl: string, path: string, token: string) {
  const response = await fetch(apiUrl + path, { headers: { Authorization: `Bearer ${token}` } })
  return { status: response.status, body: (await response.json()) as any }
}

describe('berth server first start and restart', () => {
  it('generates an admin key once, prints it, saves it 0600, and keeps data across restarts', async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'berth-first-'))
    t.after(() => rmSync(dataDir, { recursive: true, force: true }))
    const config = loadConfig({ BERTH_DATA_DIR: dataDir, BERTH_API_PORT: '0', BERTH_ROUTER_PORT: '0', BERTH_ROUTER_TLS_PORT: '0', BERTH_RENDEZVOUS_PORT: '0' })

    let printed = ''
    const first = await startServer(config, { logger: silent, print: (text) => { printed += text } })
    const key = readFileSync(join(dataDir, 'admin-api-key'), 'utf8').trim()
    assert.match(key, /^berth_/)
    assert.ok(printed.includes(key), 'the key is printed on first start')
    assert.equal(statSync(join(dataDir, 'admin-api-key')).mode & 0o777, 0o600)
    assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600)
    assert.equal((await get(first.apiUrl, '/account', key)).body.email, 'admin@berth.local')
    await fetch(`${first.apiUrl}/apps`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: '{"name":"survivor"}' })
    await fetch(`${first.apiUrl}/apps/survivor/config-vars`, { method: 'PATCH', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: '{"KEEP":"me"}' })
    await first.close()

    let printedAgain = ''
    const second = await startServer(config, { logger: silent, print: (text) => { printedAgain += text } })
    t.after(() => second.close())
    assert.ok(!printedAgain.includes(key), 'the key is shown only once')
    assert.deepEqual((await get(second.apiUrl, '/apps/survivor/config-vars', key)).body, { KEEP: 'me' })
    assert.equal((await get(second.apiUrl, '/apps/survivor/releases', key)).body.length, 3)
  })

  it('refuses to start with a BERTH_DATABASE_URL that is not PostgreSQL', () => {
    assert.throws(() => loadConfig({ BERTH_DATABASE_URL: 'mysql://x' }), /BERTH_DATABASE_URL/)
    assert.throws(() => loadConfig({ BERTH_API_PORT: 'eighty' }), /BERTH_API_PORT/)
    assert.throws(() => loadConfig({ BERTH_SECRET_KEY: 'short' }), /BERTH_SECRET_KEY/)
  })
})

describe("berth server's router over HTTPS", () => {
  const KEY = 'berth_test_admin_key_0123456789'

  async function start(t: TestContext, env: Record<string, string> = {}) {
    const dataDir = mkdtempSync(join(tmpdir(), 'berth-https-'))
    const config = loadConfig({ BERTH_DATA_DIR: dataDir, BERTH_API_PORT: '0', BERTH_ROUTER_PORT: '0', BERTH_ROUTER_TLS_PORT: '0', BERTH_RENDEZVOUS_PORT: '0', BERTH_ADMIN_API_KEY: KEY, ...env })
    let printed = ''
    const server = await startServer(config, { logger: silent, print: (text) => { printed += text } })
    t.after(async () => {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    })
    const created = await fetch(`${server.apiUrl}/apps`, { method: 'POST', headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }, body: '{"name":"secure"}' })
    assert.equal(created.status, 201)
    return { server, printed }
  }

  /** A request over TLS to `host` at the router's HTTPS port, trusting only `ca`: the certificate it got and the answer's first line. */
  function getOverTls(routerTlsUrl: string, host: string, ca: string): Promise<{ subject: string; statusLine: string }> {
    return new Promise((resolve, reject) => {
      const socket: TLSSocket = connect({ host: '127.0.0.1', port: Number(new URL(routerTlsUrl).port), servername: host, ca }, () => {
        socket.end(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
      })
      let text = ''
      socket.on('data', (chunk: Buffer) => { text += chunk.toString() })
      socket.on('end', () => resolve({ subject: String(socket.getPeerCertificate().subject.CN), statusLine: text.split('\r\n')[0]! }))
      socket.on('error', reject)
    })
  }

  it('serves apps with certificates from the local CA in development, and prints where', async (t) => {
    const { server, printed } = await start(t)
    assert.match(server.routerTlsUrl, /^https:\/\/127\.0\.0\.1:\d+$/)
    assert.ok(printed.includes(`Berth router listening on ${server.routerUrl} and ${server.routerTlsUrl}`))
    const ca = readFileSync(server.caCertPath, 'utf8')
    const answer = await getOverTls(server.routerTlsUrl, 'secure.localhost', ca)
    assert.deepEqual(answer, { subject: 'secure.localhost', statusLine: 'HTTP/1.1 502 Bad Gateway' }, 'the blank app answers H81, over TLS')
    await assert.rejects(getOverTls(server.routerTlsUrl, 'nosuch.localhost', ca), /handshake failure|alert/i, 'no certificate is made for a name no app has')
  })

  it("serves the operator's wildcard from BERTH_ROUTER_TLS_CERT and _KEY", async (t) => {
    const testRoot = await testCa()
    const wildcard = await testRoot.issue(['*.apps.example.test'])
    const dir = mkdtempSync(join(tmpdir(), 'berth-wildcard-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'tls.crt'), wildcard.cert)
    writeFileSync(join(dir, 'tls.key'), wildcard.key)
    const { server } = await start(t, { BERTH_DOMAIN: 'apps.example.test', BERTH_ROUTER_TLS_CERT: join(dir, 'tls.crt'), BERTH_ROUTER_TLS_KEY: join(dir, 'tls.key') })
    const answer = await getOverTls(server.routerTlsUrl, 'secure.apps.example.test', testRoot.cert)
    assert.deepEqual(answer, { subject: '*.apps.example.test', statusLine: 'HTTP/1.1 502 Bad Gateway' })
  })
})
