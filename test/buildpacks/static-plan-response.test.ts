import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'

const load = createRequire(import.meta.url)
const { parseStaticConfig } = load('../../buildpacks/static/lib/static-config.cjs')
const { planResponse, headersFor } = load('../../buildpacks/static/lib/plan-response.cjs')

const SITE: Record<string, 'file' | 'dir'> = {
  '': 'dir', 'index.html': 'file', 'about.html': 'file', docs: 'dir', 'docs/index.html': 'file', 'assets': 'dir',
  'assets/app.css': 'file', 'errors/404.html': 'file', 'app.html': 'file', 'spa/assets': 'dir',
}
const lookup = (rel: string) => SITE[rel] ?? null
const plan = (json: object | null, path: string, hasPublicHtml = false) =>
  planResponse(parseStaticConfig(json === null ? null : JSON.stringify(json), { hasPublicHtml }), path, lookup)

describe('static.json, read like heroku-buildpack-static', () => {
  it('defaults the root to public_html/ when the app has one, else the app itself', () => {
    assert.equal(parseStaticConfig(null, { hasPublicHtml: true }).root, 'public_html')
    assert.equal(parseStaticConfig(null, { hasPublicHtml: false }).root, '')
    assert.equal(parseStaticConfig('{"root": "dist/"}', { hasPublicHtml: true }).root, 'dist')
  })

  it('refuses roots and files outside the app, and says which key is wrong', () => {
    assert.throws(() => parseStaticConfig('{"root": "../etc"}', { hasPublicHtml: false }), /"root" must stay inside the app/)
    assert.throws(() => parseStaticConfig('{"root": "/etc"}', { hasPublicHtml: false }), /"root" must be relative/)
    assert.throws(() => parseStaticConfig('{"routes": {"/**": "../x.html"}}', { hasPublicHtml: false }), /must stay inside the app/)
    assert.throws(() => parseStaticConfig('{"redirects": {"/a": {"url": "/b", "status": 200}}}', { hasPublicHtml: false }), /status 200/)
    assert.throws(() => parseStaticConfig('{"clean_urls": "yes"}', { hasPublicHtml: false }), /"clean_urls" must be true or false/)
    assert.throws(() => parseStaticConfig('{ nope', { hasPublicHtml: false }), /static.json is not valid JSON/)
  })

  it('notes the keys it ignores', () => {
    const config = parseStaticConfig('{"https_only": true, "colour": "red"}', { hasPublicHtml: false })
    assert.match(config.ignored[0], /^https_only: ignored/)
    assert.deepEqual(config.unknown, ['colour'])
  })
})

describe('planning a static response', () => {
  it('serves files, a directory index, and redirects a directory without its slash', () => {
    assert.deepEqual(plan(null, '/about.html'), { kind: 'file', path: '/about.html', file: 'about.html' })
    assert.equal(plan(null, '/').file, 'index.html')
    assert.equal(plan(null, '/docs/').file, 'docs/index.html')
    assert.deepEqual(plan(null, '/docs'), { kind: 'redirect', status: 301, location: '/docs/', path: '/docs' })
    assert.equal(plan(null, '/about').kind, 'not_found')
  })

  it('refuses paths that climb out of the root, plain or percent-encoded', () => {
    for (const path of ['/../etc/passwd', '/%2e%2e/etc/passwd', '/docs/../../x', '/a%2f..%2f..%2fx', '/%2E%2E', '/x%00', '/%zz', 'relative']) {
      assert.deepEqual(plan(null, path), { kind: 'bad_request' }, path)
    }
    assert.equal(plan(null, '/docs/../about.html').file, 'about.html')
  })

  it('serves /about from about.html with clean_urls, before the file itself', () => {
    assert.equal(plan({ clean_urls: true }, '/about').file, 'about.html')
    assert.equal(plan({ clean_urls: true }, '/about.html').file, 'about.html')
  })

  it('falls back to a route only when no file matches, honouring except', () => {
    const routes = { routes: { '/**': 'app.html' } }
    assert.equal(plan(routes, '/deep/link').file, 'app.html')
    assert.equal(plan(routes, '/assets/app.css').file, 'assets/app.css')
    const spa = { routes: { '/spa/**': { path: 'app.html', except: '/spa/assets/' } } }
    assert.equal(plan(spa, '/spa/page').file, 'app.html')
    assert.equal(plan(spa, '/spa/assets/missing.js').kind, 'not_found')
    assert.equal(plan({ routes: { '/*.html': 'index.html' } }, '/nested/x.html').kind, 'not_found')
    assert.equal(plan({ routes: { '/*.html': 'index.html' } }, '/x.html').file, 'index.html')
  })

  it('redirects with the status static.json asks for, 301 by default', () => {
    const config = { redirects: { '/old': { url: '/about' }, '/gone/**': { url: 'https://example.com/', status: 302 } } }
    assert.deepEqual([plan(config, '/old').status, plan(config, '/old').location], [301, '/about'])
    assert.deepEqual([plan(config, '/gone/a/b').status, plan(config, '/gone/a/b').location], [302, 'https://example.com/'])
  })

  it('answers the error page for what is missing, when it exists', () => {
    assert.deepEqual(plan({ error_page: 'errors/404.html' }, '/missing'), { kind: 'not_found', path: '/missing', file: 'errors/404.html' })
    assert.deepEqual(plan({ error_page: 'nope.html' }, '/missing'), { kind: 'not_found', path: '/missing', file: null })
  })

  it('keeps the app\'s own files private when the app is the root', () => {
    for (const path of ['/static.json', '/Procfile', '/.heroku/static/server.cjs', '/.profile.d/x.sh', '/.git/config']) {
      assert.equal(plan(null, path).kind, 'not_found', path)
    }
  })

  it('matches header rules by pattern, later rules winning', () => {
    const config = parseStaticConfig(JSON.stringify({ headers: {
      '/': { 'Cache-Control': 'no-store' }, '/assets/**': { 'Cache-Control': 'max-age=60', 'X-A': '1' }, '/assets/*.css': { 'Cache-Control': 'max-age=600' },
    } }), { hasPublicHtml: false })
    assert.deepEqual(headersFor(config, '/'), { 'Cache-Control': 'no-store' })
    assert.deepEqual(headersFor(config, '/assets/app.css'), { 'Cache-Control': 'max-age=600', 'X-A': '1' })
    assert.deepEqual(headersFor(config, '/assets/js/app.js'), { 'Cache-Control': 'max-age=60', 'X-A': '1' })
    assert.deepEqual(headersFor(config, '/about.html'), {})
  })
})
