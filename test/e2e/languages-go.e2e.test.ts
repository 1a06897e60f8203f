import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git } from '../support/git.js'
import { languageApp } from '../support/language-app.js'
import { routerGet } from '../support/router-client.js'

const KEY = 'berth_e2e_go_admin_key_0123456789'

// The same module at uuid v1.5.0: a changed dependency set, with its real go.sum lines.
const UUID_150_MOD = 'module example.com/go-uuid\n\ngo 1.22\n\nrequire github.com/google/uuid v1.5.0\n'
const UUID_150_SUM = 'github.com/google/uuid v1.5.0 h1:1p67kYwdtXjb0gL0BPiP1Av9wiZPo5A8z2cWkTZ+eyU=\n'
  + 'github.com/google/uuid v1.5.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n'

describe('Go apps', () => {
  let berth: BerthProcess
  let dir: string
  const api = apiClient(() => berth.apiUrl, KEY)
  const { push, edit, serves } = languageApp(() => berth, KEY, 'go-uuid')

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY })
    assert.equal((await api('POST', '/apps', { name: 'go-uuid' })).status, 201)
    dir = await fixtureRepo('go-uuid')
  })
  after(async () => berth.stop())

  it('builds a Go module with a dependency from the proxy into bin/ and serves the module\'s binary as web', async () => {
    const started = Date.now()
    const pushed = await push(dir, 'go-uuid')
    console.log(`go cold push -> released: ${Date.now() - started} ms`)
    assert.equal(pushed.code, 0, pushed.stderr)
    const lines = pushed.stderr.split('\n').map((l) => l.replace(/^remote: ?/, '').trimEnd())
    for (const expected of ['-----> Go app detected', '       Detected Module Name: example.com/go-uuid', '               ./bin/go-uuid',
      '       Default types for buildpack -> web']) {
      assert.ok(lines.includes(expected), `missing ${JSON.stringify(expected)} in:\n${pushed.stderr}`)
    }
    assert.match(pushed.stderr, /-----> Using go1\.\d+\.\d+ from this machine \(go\.mod asks for go 1\.22\)/)
    assert.match(pushed.stderr, /go: downloading github\.com\/google\/uuid v1\.6\.0/)
    assert.match(await serves(/^hello from go v1/), /^hello from go v1 \(web\.1\) uuid v1\.6\.0 [0-9a-f-]{36}\n$/)
    const formation = (await api('GET', '/apps/go-uuid/formation')).body
    assert.deepEqual(formation.map((f: any) => [f.type, f.command]), [['web', 'bin/go-uuid']])
  })

  it('rebuilds a code-only change from the module and build caches', async () => {
    await edit(dir, 'main.go', (t) => t.replace('hello from go v1', 'hello from go v2'), 'code only')
    const started = Date.now()
    const pushed = await push(dir, 'go-uuid')
    console.log(`go warm (code-only) push -> released: ${Date.now() - started} ms`)
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.doesNotMatch(pushed.stderr, /go: downloading/)
    assert.match(await serves(/^hello from go v2/), /uuid v1\.6\.0/)
  })

  it('resolves a changed dependency set', async () => {
    writeFileSync(join(dir, 'go.mod'), UUID_150_MOD)
    writeFileSync(join(dir, 'go.sum'), UUID_150_SUM)
    await git(['commit', '-q', '-am', 'uuid v1.5.0'], dir)
    const pushed = await push(dir, 'go-uuid')
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.match(pushed.stderr, /go: downloading github\.com\/google\/uuid v1\.5\.0/)
    await serves(/^hello from go v2 \(web\.1\) uuid v1\.5\.0 /)
  })

  it('fails a push that does not compile with the compiler\'s error, and the old release keeps serving', async () => {
    const releasesBefore = (await api('GET', '/apps/go-uuid/releases')).body.length
    await edit(dir, 'main.go', (t) => t.replace('fmt.Fprintf(w,', 'fmt.Fprintf(undefinedWriter,'), 'break it')
    const pushed = await push(dir, 'go-uuid')
    assert.notEqual(pushed.code, 0)
    assert.match(pushed.stderr, /main\.go:\d+:\d+: undefined: undefinedWriter/)
    assert.match(pushed.stderr, /Failed to build the Go app/)
    assert.match(pushed.stderr, /Push rejected, failed to compile app/)
    assert.equal((await api('GET', '/apps/go-uuid/releases')).body.length, releasesBefore)
    assert.match((await routerGet(berth.routerUrl, 'go-uuid.localhost')).body, /^hello from go v2 \(web\.1\) uuid v1\.5\.0 /)
  })

  it('fails a module asking for a Go nobody has, naming the versions that can be had', async () => {
    assert.equal((await api('POST', '/apps', { name: 'go-future' })).status, 201)
    const future = await fixtureRepo('go-uuid')
    await edit(future, 'go.mod', (t) => t.replace('go 1.22', 'go 1.99'), 'go 1.99')
    const pushed = await push(future, 'go-future')
    assert.notEqual(pushed.code, 0)
    assert.match(pushed.stderr, / ! {5}Go 1\.99 is not available\. Available: go1\.\d+\.\d+ \(this machine\); go1\.\d+\.\d+, .* or any other release from the Go module proxy\./)
    assert.equal((await api('GET', '/apps/go-future/releases')).body.length, 2)
  })

  it('downloads the toolchain a module asks for through the Go module proxy when the machine\'s Go is older', async () => {
    assert.equal((await api('POST', '/apps', { name: 'go-toolchain' })).status, 201)
    const repo = await fixtureRepo('go-toolchain')
    const pushed = await push(repo, 'go-toolchain')
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.match(pushed.stderr, /-----> Installing go1\.27\.\d+ \(go\.mod asks for go 1\.27\)/)
    assert.match(pushed.stderr, /go: downloading go1\.27\.\d+ \(linux\/amd64\)/)
    assert.match(pushed.stderr, /Procfile declares types -> worker/)
    // The second build finds the toolchain in the app's cache: no download.
    await edit(repo, 'main.go', (t) => t.replace('built with', 'built again with'), 'again')
    const again = await push(repo, 'go-toolchain')
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stderr, /-----> Using go1\.27\.\d+ from the build cache/)
    assert.doesNotMatch(again.stderr, /go: downloading/)
  })
})
