import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, describe, it } from 'node:test'
import { findSandbox } from '../main/find-sandbox.js'
import { BuildError } from './builder.js'
import { LocalBuilder } from './local-builder.js'

const ROOT = new URL('../../', import.meta.url).pathname
const workDir = mkdtempSync(join(tmpdir(), 'berth-builder-'))
const sandbox = findSandbox('auto')
const options = {
  workDir, builtinDir: join(ROOT, 'buildpacks'), allowedBuildpackPaths: [join(ROOT, 'test/fixtures/buildpacks')],
  bwrap: sandbox.bwrap, user: sandbox.user, timeoutMs: 60_000, maxSlugBytes: 50 * 1024 * 1024, maxSourceBytes: 50 * 1024 * 1024, stack: 'berth-24',
}
const builder = new LocalBuilder(options)

function source(app: string) {
  const tgz = spawnSync('tar', ['-czf', '-', '-C', join(ROOT, 'test/fixtures/apps', app), '.']).stdout
  return { kind: 'tarball' as const, open: async () => Readable.from([tgz]) }
}

async function build(appId: string, app: string, buildpacks: string[] = []) {
  const lines: string[] = []
  const slug = await builder.build({ appId, source: source(app), buildpacks, configVars: {}, sourceVersion: null, onLine: (l) => lines.push(l) })
  return { slug, lines }
}

describe('LocalBuilder', () => {
  after(() => rmSync(workDir, { recursive: true, force: true }))

  it('packs a slug whose archive holds the app and whose checksum matches', async () => {
    const { slug } = await build('app-a', 'node-basic')
    const bytes = Buffer.concat(await slug.open().toArray())
    assert.equal(bytes.length, slug.sizeBytes)
    const listing = spawnSync('tar', ['-tzf', '-'], { input: bytes }).stdout.toString()
    assert.match(listing, /\.\/server\.js/)
    assert.deepEqual(slug.processTypes, { web: 'npm start' })
    await slug.dispose()
  })

  it('moves only honest directories listed in .berth-keep into the cache', async () => {
    const { slug } = await build('app-keeper', 'custom-buildpack', [join(ROOT, 'test/fixtures/buildpacks/keeper')])
    await slug.dispose()
    const cache = join(workDir, 'cache', 'app-keeper')
    assert.deepEqual(readdirSync(cache).sort(), ['good-cache'])
    assert.equal(readFileSync(join(cache, 'good-cache', 'file'), 'utf8'), 'kept\n')
    assert.equal(existsSync(join(workDir, 'escaped')), false)
  })

  it('fails with a BuildError naming the step when compile fails', async () => {
    await assert.rejects(build('app-fail', 'build-fails'), (error: unknown) =>
      error instanceof BuildError && /compile step exited with status 1/.test(error.message))
  })

  it('kills a build that runs past the time limit', async () => {
    const hasty = new LocalBuilder({ ...options, timeoutMs: 1500 })
    const started = Date.now()
    await assert.rejects(hasty.build({ appId: 'app-slow', source: source('custom-buildpack'), buildpacks: [join(ROOT, 'test/fixtures/buildpacks/sleepy')], configVars: {}, sourceVersion: null, onLine: () => undefined }),
      (error: unknown) => error instanceof BuildError && /timed out/.test(error.message))
    assert.ok(Date.now() - started < 10_000, 'the sleeping compile step was killed')
  })

  it('refuses a slug over the size limit', async () => {
    const tiny = new LocalBuilder({ ...options, maxSlugBytes: 10 })
    await assert.rejects(tiny.build({ appId: 'app-big', source: source('node-basic'), buildpacks: [], configVars: {}, sourceVersion: null, onLine: () => undefined }),
      (error: unknown) => error instanceof BuildError && /Compiled slug size: .* is too large/.test(error.message))
  })
})

