import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { after, describe, it } from 'node:test'
import { findSandbox } from '../../src/main/find-sandbox.js'
import { LocalBuilder } from '../../src/build/local-builder.js'

const ROOT = new URL('../../', import.meta.url).pathname

describe('the Node.js buildpack with operator runtimes', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'berth-node-runtimes-'))
  after(() => rmSync(workDir, { recursive: true, force: true }))

  it('takes a Node.js matching engines.node from BERTH_RUNTIMES_DIR in place, without downloading or copying it', async () => {
    // A stand-in runtime: its node is the machine's, under the version the app asks for.
    const runtimes = join(workDir, 'runtimes')
    const bin = join(runtimes, 'node', '18.99.0', 'bin')
    mkdirSync(bin, { recursive: true })
    writeFileSync(join(bin, 'node'), '#!/bin/sh\nexec /usr/bin/node "$@"\n')
    symlinkSync('/usr/bin/npm', join(bin, 'npm'))
    chmodSync(join(bin, 'node'), 0o755)
    spawnSync('chmod', ['-R', 'a+rX', workDir])
    const sandbox = findSandbox('auto')
    const builder = new LocalBuilder({
      workDir: join(workDir, 'builds'), builtinDir: join(ROOT, 'buildpacks'), allowedBuildpackPaths: [], network: null, runtimesDir: runtimes,
      bwrap: sandbox.bwrap, user: sandbox.user, timeoutMs: 120_000, maxSlugBytes: 50 * 1024 * 1024, maxSourceBytes: 50 * 1024 * 1024, stack: 'heroku-24',
    })
    const tgz = spawnSync('tar', ['-czf', '-', '-C', join(ROOT, 'test/fixtures/apps/node-engines'), '.']).stdout
    const lines: string[] = []
    const slug = await builder.build({
      appId: 'runtimes-app', source: { kind: 'tarball', open: async () => Readable.from([tgz]) }, buildpacks: [],
      configVars: {}, sourceVersion: null, onLine: (line) => lines.push(line),
    })
    const archive = join(workDir, 'slug.tgz')
    await pipeline(slug.open(), createWriteStream(archive))
    await slug.dispose()
    const output = lines.join('\n')
    assert.match(output, /Using node 18\.99\.0 from the operator's runtimes \(\/runtimes\/node\/18\.99\.0\)/)
    assert.match(output, /Using npm from the runtime/)
    assert.doesNotMatch(output, /Downloading/)
    const files = spawnSync('tar', ['-tzf', archive]).stdout.toString().split('\n')
    assert.ok(!files.some((f) => f.startsWith('./.heroku/node')), 'no Node.js copied into the slug')
    const profile = spawnSync('tar', ['-xzOf', archive, './.profile.d/nodejs.sh']).stdout.toString()
    assert.match(profile, /^export PATH="\/runtimes\/node\/18\.99\.0\/bin:\$PATH"$/m)
  })
})
