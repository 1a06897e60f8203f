import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from '../support/test-server.js'

async function listen(host: string, handle: (path: string) => { status: number; location?: string }): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = []
  const server = createServer((req, res) => {
    hits.push(req.url ?? '')
    const { status, location } = handle(req.url ?? '')
    res.writeHead(status, location ? { Location: location } : {})
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return { server, port: (server.address() as { port: number }).port, hits }
}

// An app setup's source_blob.url is fetched by Berth, so it follows the outbound rule of log drains
// and webhooks: only public addresses (unless BERTH_OUTBOUND_ALLOW lists a network), only http and
// https, every redirect checked again, and a refusal is a 422 that makes nothing.
describe('app setup sources at internal addresses', () => {
  let berth: TestServer
  let allowing: TestServer
  let inside: Awaited<ReturnType<typeof listen>>
  let redirector: Awaited<ReturnType<typeof listen>>
  let behind: Awaited<ReturnType<typeof listen>>

  before(async () => {
    inside = await listen('127.0.0.1', () => ({ status: 200 }))
    behind = await listen('127.0.0.2', () => ({ status: 200 }))
    redirector = await listen('127.0.0.1', (path) => ({ status: 302, location: path === '/to-file' ? 'file:///etc/passwd' : `http://127.0.0.2:${behind.port}/source.tgz` }))
    berth = await startTestServer()
    // This one may reach 127.0.0.1 (a mirror on the operator's network), and nothing else inside.
    allowing = await startTestServer({ env: { BERTH_OUTBOUND_ALLOW: '127.0.0.1/32' } })
  })
  after(async () => {
    await berth.close()
    await allowing.close()
    for (const { server } of [inside, redirector, behind]) server.close()
  })

  const setup = (server: TestServer, url: string) => server.request('POST', '/app-setups', { body: { source_blob: { url }, app: { name: 'ssrf-target' } } })
  const sourceFiles = (server: TestServer) => {
    const dir = join(server.dataDir, 'blobs', 'sources')
    return existsSync(dir) ? readdirSync(dir) : []
  }

  it('refuses internal addresses however spelled, and URLs that are not http or https, without connecting', async () => {
    const port = inside.port
    const urls = [
      `http://127.0.0.1:${port}/source.tgz`, `http://localhost:${port}/source.tgz`, `http://[::ffff:127.0.0.1]:${port}/source.tgz`,
      `http://2130706433:${port}/source.tgz`, `http://0x7f.1:${port}/source.tgz`, 'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/source.tgz', 'http://[::1]/source.tgz', 'file:///etc/passwd', 'git://github.com/heroku/node-js-getting-started.git',
      'ftp://example.com/source.tgz', 'not a url', `http://127.0.0.1:${port}/a\0b`,
    ]
    for (const url of urls) {
      const response = await setup(berth, url)
      assert.deepEqual([response.status, response.body.id], [422, 'invalid_params'], `${url}: ${JSON.stringify(response.body)}`)
    }
    assert.match((await setup(berth, `http://127.0.0.1:${port}/source.tgz`)).body.message, /^Could not download source_blob\.url: 127\.0\.0\.1 is .*loopback/)
    assert.match((await setup(berth, 'git://github.com/x/y.git')).body.message, /git URLs are not fetched/)
    assert.deepEqual(inside.hits, [])
    assert.equal((await berth.request('GET', '/apps/ssrf-target')).status, 404)
    assert.deepEqual(sourceFiles(berth), [])
  })

  it('checks every redirect again: an allowed server cannot bounce Berth to an address that is not', async () => {
    for (const path of ['/to-loopback', '/to-file']) {
      const response = await setup(allowing, `http://127.0.0.1:${redirector.port}${path}`)
      assert.deepEqual([response.status, response.body.id], [422, 'invalid_params'], JSON.stringify(response.body))
    }
    assert.match((await setup(allowing, `http://127.0.0.1:${redirector.port}/to-loopback`)).body.message, /127\.0\.0\.2 is .*loopback/)
    assert.ok(redirector.hits.length >= 2, 'Berth asked the allowed server')
    assert.deepEqual(behind.hits, [])
    assert.equal((await allowing.request('GET', '/apps/ssrf-target')).status, 404)
    assert.deepEqual(sourceFiles(allowing), [])
  })

  it("reads a Berth source's get_url from its own store, fetching nothing, even though it names this server", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-setup-'))
    writeFileSync(join(dir, 'app.json'), '{"env": 5}')
    const bytes = spawnSync('tar', ['-czf', '-', '.'], { cwd: dir }).stdout
    rmSync(dir, { recursive: true, force: true })
    const { body } = await berth.request('POST', '/sources')
    assert.equal((await fetch(body.source_blob.put_url, { method: 'PUT', body: bytes })).status, 200)
    // The app.json inside was read: the source came from the blob store, not over the network.
    const response = await setup(berth, body.source_blob.get_url)
    assert.deepEqual([response.status, response.body.message], [422, 'Invalid app.json: env must be an object of variable names.'])
    const forged = await setup(berth, `${berth.apiUrl}/sources/00000000-0000-0000-0000-000000000000?token=forged`)
    assert.equal(forged.status, 404)
  })
})
