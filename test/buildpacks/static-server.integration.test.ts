import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { after, before, describe, it } from 'node:test'

const { createStaticServer } = createRequire(import.meta.url)('../../buildpacks/static/lib/static-server.cjs') as { createStaticServer(o: { appDir: string }): Server }
const FIXTURE = new URL('../fixtures/apps/static-site/', import.meta.url).pathname

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

describe('the static site server', () => {
  let server: Server
  let port = 0
  const appDir = mkdtempSync(join(tmpdir(), 'berth-static-'))

  // Raw paths: node:http sends them as written, so `..` reaches the server unnormalized.
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })

  before(async () => {
    cpSync(FIXTURE, appDir, { recursive: true })
    writeFileSync(join(tmpdir(), 'berth-static-secret.txt'), 'secret\n')
    symlinkSync(join(tmpdir(), 'berth-static-secret.txt'), join(appDir, 'site', 'leak.txt'))
    symlinkSync('../README.md', join(appDir, 'site', 'readme.txt'))
    symlinkSync('about.html', join(appDir, 'site', 'alias.html'))
    server = createStaticServer({ appDir })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as { port: number }).port
  })
  after(() => {
    server.close()
    rmSync(appDir, { recursive: true, force: true })
  })

  it('serves the root from static.json with a Content-Type, ETag and Last-Modified', async () => {
    const home = await get('/')
    assert.equal(home.status, 200)
    assert.match(home.body.toString(), /Hello from a static site v1/)
    assert.equal(home.headers['content-type'], 'text/html; charset=utf-8')
    assert.equal(home.headers['x-frame-options'], 'DENY')
    assert.match(String(home.headers.etag), /^W\/"[0-9a-f]+-[0-9a-f]+"$/)
    assert.ok(Date.parse(String(home.headers['last-modified'])) > 0)
    assert.equal((await get('/assets/site.css')).headers['content-type'], 'text/css; charset=utf-8')
    assert.equal((await get('/README.md')).status, 404)
  })

  it('answers 304 to a matching If-None-Match or If-Modified-Since, and HEAD without a body', async () => {
    const first = await get('/about')
    const etag = String(first.headers.etag)
    const again = await get('/about', { 'If-None-Match': etag })
    assert.deepEqual([again.status, again.body.length], [304, 0])
    assert.equal((await get('/about', { 'If-Modified-Since': String(first.headers['last-modified']) })).status, 304)
    assert.equal((await get('/about', { 'If-None-Match': '"other"' })).status, 200)
    const head = await get('/about', {}, 'HEAD')
    assert.deepEqual([head.status, head.body.length, head.headers['content-length']], [200, 0, String(first.body.length)])
    assert.equal((await get('/about', {}, 'POST')).status, 405)
  })

  it('gzips text for clients that accept it', async () => {
    const css = await get('/assets/site.css', { 'Accept-Encoding': 'gzip, br' })
    assert.equal(css.headers['content-encoding'], 'gzip')
    assert.match(gunzipSync(css.body).toString(), /font-family/)
    assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable')
  })

  it('applies clean URLs, routes, redirects and the error page', async () => {
    assert.match((await get('/about')).body.toString(), /About this static site/)
    assert.match((await get('/app/settings/profile')).body.toString(), /single-page app shell/)
    const moved = await get('/old-about')
    assert.deepEqual([moved.status, moved.headers.location], [302, '/about'])
    assert.deepEqual([(await get('/blog/2020/post')).status, (await get('/blog/2020/post')).headers.location], [301, 'https://blog.example.com/'])
    const missing = await get('/nothing-here')
    assert.equal(missing.status, 404)
    assert.match(missing.body.toString(), /Custom not-found page/)
  })

  it('never serves a file outside the root: dot-dot, encoded dot-dot, or a symlink that leads out', async () => {
    for (const path of ['/../README.md', '/%2e%2e/README.md', '/assets/%2E%2E/%2E%2E/README.md', '/..%2fREADME.md', '/assets/..%5c..%5cREADME.md']) {
      const answer = await get(path)
      assert.equal(answer.status, 400, path)
      assert.doesNotMatch(answer.body.toString(), /never served/, path)
    }
    for (const path of ['/leak.txt', '/readme.txt']) {
      const answer = await get(path)
      assert.equal(answer.status, 404, path)
      assert.doesNotMatch(answer.body.toString(), /secret|never served/, path)
    }
    assert.match((await get('/alias.html')).body.toString(), /About this static site/)
  })
})
