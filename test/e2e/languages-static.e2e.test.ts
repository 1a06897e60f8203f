import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { routerGet } from '../support/router-client.js'

const KEY = 'berth_e2e_static_admin_key_0123456789'

describe('static sites', () => {
  let berth: BerthProcess
  const api = apiClient(() => berth.apiUrl, KEY)
  const push = (dir: string, app: string) => git(['push', remoteUrl(berth.apiUrl, app, KEY), 'main'], dir)
  const get = (app: string, path: string, headers: Record<string, string> = {}) => routerGet(berth.routerUrl, `${app}.localhost`, path, headers)

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY })
  })
  after(async () => berth.stop())

  it('detects a static.json site and serves it through the router with its rules', async () => {
    assert.equal((await api('POST', '/apps', { name: 'site' })).status, 201)
    const dir = await fixtureRepo('static-site')
    const started = Date.now()
    const pushed = await push(dir, 'site')
    assert.equal(pushed.code, 0, pushed.stderr)
    console.log(`static first push -> released in ${Date.now() - started} ms`)
    for (const line of ['-----> Static HTML app detected', '       root: site/', ' !     https_only: ignored: the router in front of Berth decides on TLS',
      '-----> Installing the static site server', '       Default types for buildpack -> web']) {
      assert.ok(pushed.stderr.includes(line), `missing ${JSON.stringify(line)} in:\n${pushed.stderr}`)
    }
    const home = await get('site', '/')
    assert.deepEqual([home.status, home.headers['content-type'], home.headers['x-frame-options']], [200, 'text/html; charset=utf-8', 'DENY'])
    assert.match(home.body, /Hello from a static site v1/)
    assert.equal((await get('site', '/', { 'If-None-Match': String(home.headers.etag) })).status, 304)
    assert.match((await get('site', '/about')).body, /About this static site/)
    assert.match((await get('site', '/app/deep/link')).body, /single-page app shell/)
    const css = await get('site', '/assets/site.css')
    assert.deepEqual([css.headers['content-type'], css.headers['cache-control']], ['text/css; charset=utf-8', 'public, max-age=31536000, immutable'])
    const moved = await get('site', '/old-about')
    assert.deepEqual([moved.status, moved.headers.location], [302, '/about'])
    const missing = await get('site', '/no/such/page')
    assert.equal(missing.status, 404)
    assert.match(missing.body, /Custom not-found page/)
    assert.equal((await get('site', '/README.md')).status, 404)
    assert.equal((await get('site', '/%2e%2e/static.json')).status, 400)
    const formation = (await api('GET', '/apps/site/formation')).body
    assert.deepEqual(formation.map((f: any) => [f.type, f.command]), [['web', '/usr/bin/node /app/.heroku/static/server.cjs']])
  })

  it('deploys a code-only change quickly, and a broken static.json fails the push while the old release serves', async () => {
    assert.equal((await api('POST', '/apps', { name: 'site-two' })).status, 201)
    const dir = await fixtureRepo('static-site')
    assert.equal((await push(dir, 'site-two')).code, 0)
    const index = join(dir, 'site', 'index.html')
    writeFileSync(index, readFileSync(index, 'utf8').replace('v1', 'v2'))
    await git(['commit', '-q', '-am', 'v2'], dir)
    const started = Date.now()
    const second = await push(dir, 'site-two')
    const elapsedMs = Date.now() - started
    assert.equal(second.code, 0, second.stderr)
    assert.match((await get('site-two', '/')).body, /static site v2/)
    console.log(`static code-only push -> released in ${elapsedMs} ms`)

    writeFileSync(join(dir, 'static.json'), '{ "root": "site/", ')
    await git(['commit', '-q', '-am', 'break static.json'], dir)
    const broken = await push(dir, 'site-two')
    assert.notEqual(broken.code, 0)
    assert.match(broken.stderr, / ! {5}static\.json is not valid JSON: /)
    assert.match((await get('site-two', '/')).body, /static site v2/)
  })

  it('serves a folder with only an index.html, and answers to heroku/static', async () => {
    assert.equal((await api('POST', '/apps', { name: 'bare-site' })).status, 201)
    const set = await api('PUT', '/apps/bare-site/buildpack-installations', { updates: [{ buildpack: 'heroku/static' }] })
    assert.equal(set.status, 200)
    const dir = await fixtureRepo('static-site')
    await git(['rm', '-q', 'static.json'], dir)
    await git(['mv', 'site/index.html', 'index.html'], dir)
    await git(['commit', '-q', '-m', 'bare'], dir)
    const pushed = await push(dir, 'bare-site')
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.match(pushed.stderr, /No static.json: serving the app as it is/)
    assert.match((await get('bare-site', '/')).body, /Hello from a static site v1/)
    assert.match((await get('bare-site', '/site/about.html')).body, /About this static site/)
    assert.equal((await get('bare-site', '/.heroku/static/server.cjs')).status, 404)
  })
})
