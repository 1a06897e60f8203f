// Class of attack: a build (any language's toolchain runs in the same sandbox) writes outside its
// workspace and cache: into the machine's system directories, the runtimes every app shares, its
// own buildpack, its config vars, or Berth's data directory, to plant something for later.
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { LocalBuilder } from '../../src/build/local-builder.js'
import { buildFiles } from '../support/build-files.js'
import { findSandbox } from '../../src/main/find-sandbox.js'
import { RuntimeStore } from '../../src/runtimes/runtime-store.js'

const ROOT = new URL('../../', import.meta.url).pathname
const ESCAPER = join(ROOT, 'test/fixtures/buildpacks/escaper')

describe('a build writes only its workspace, its cache and its own /tmp', () => {
  const sandbox = findSandbox('auto')
  const workDir = mkdtempSync(join(tmpdir(), 'berth-escaper-'))
  const runtimesDir = join(workDir, 'operator-runtimes')
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-escaper-data-'))
  mkdirSync(runtimesDir)
  chmodSync(workDir, 0o755)
  chmodSync(dataDir, 0o700)
  const builder = new LocalBuilder({
    workDir, builtinDir: join(ROOT, 'buildpacks'), allowedBuildpackPaths: [ESCAPER], bwrap: sandbox.bwrap, user: sandbox.user,
    timeoutMs: 60_000, maxSlugBytes: 50 * 1024 * 1024, maxSourceBytes: 50 * 1024 * 1024, stack: 'heroku-24',
    runtimesDir, runtimeStore: new RuntimeStore(join(workDir, 'runtime-store')),
  })
  mkdirSync(join(workDir, 'runtime-store'), { mode: 0o755 })
  after(() => {
    rmSync(workDir, { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('is refused everywhere else, and leaves nothing on the machine', { skip: sandbox.bwrap === null && 'needs bubblewrap' }, async () => {
    const { lines } = await buildFiles(builder, { appId: 'escaper', files: { Procfile: 'web: sleep 1\n' }, buildpacks: [ESCAPER], configVars: { BERTH_SECRET_DIR: dataDir } })
    const results = Object.fromEntries(lines.filter((l) => l.startsWith('WRITE ')).map((l) => l.slice(6).split(': ') as [string, string]))
    // /tmp and /dev/shm are the sandbox's own, in memory, gone when the step ends.
    assert.deepEqual(Object.entries(results).filter(([, r]) => r === 'ok').map(([dir]) => dir), ['/app', '/cache', '/tmp', '/dev/shm'], lines.join('\n'))
    assert.equal(Object.keys(results).length, 20, 'every attempt reported')
    for (const dir of ['/', '/usr', '/usr/local/bin', '/etc', '/tmp', '/var/tmp', '/dev/shm', '/root', dataDir, runtimesDir, join(workDir, 'runtime-store')]) {
      assert.ok(!existsSync(join(dir, 'escaper-was-here')), `nothing planted in ${dir} on the machine`)
    }
    assert.deepEqual(readdirSync(runtimesDir), [])
  })
})
