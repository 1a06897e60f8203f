// Class of attack: a build leaves behind a link (or a FIFO, a directory, a giant) where Berth reads
// its results, hoping the privileged server reads Berth's own secrets through it and echoes them.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, describe, it } from 'node:test'
import { BuildError } from '../../src/build/builder.js'
import { LocalBuilder } from '../../src/build/local-builder.js'
import { findSandbox } from '../../src/main/find-sandbox.js'

const ROOT = new URL('../../', import.meta.url).pathname
const PLANTER = join(ROOT, 'test/fixtures/buildpacks/planter')
const SECRET = 'berth_TOPSECRETSIGNINGKEY'

describe('what a build leaves behind is never read through a link', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'berth-planted-'))
  // Stands for Berth's data dir: root's, mode 0700, holding a key that parses as a Procfile line.
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-data-'))
  const secretPath = join(dataDir, 'secret.key')
  writeFileSync(secretPath, `web: ${SECRET}\n`, { mode: 0o600 })
  chmodSync(dataDir, 0o700)
  const sandbox = findSandbox('auto')
  const builder = new LocalBuilder({
    workDir, builtinDir: join(ROOT, 'buildpacks'), allowedBuildpackPaths: [PLANTER], bwrap: sandbox.bwrap, user: sandbox.user,
    timeoutMs: 60_000, maxSlugBytes: 50 * 1024 * 1024, maxSourceBytes: 50 * 1024 * 1024, stack: 'heroku-24',
  })
  after(() => {
    rmSync(workDir, { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function plant(trick: string) {
    const app = mkdtempSync(join(tmpdir(), 'berth-planted-app-'))
    mkdirSync(join(app, 'src'))
    writeFileSync(join(app, 'server.js'), 'require("http").createServer((q, s) => s.end("ok")).listen(process.env.PORT)\n')
    const tgz = spawnSync('tar', ['-czf', '-', '-C', app, '.']).stdout
    rmSync(app, { recursive: true, force: true })
    const lines: string[] = []
    try {
      const slug = await builder.build({
        appId: `planted-${trick}`, source: { kind: 'tarball', open: async () => Readable.from([tgz]) }, buildpacks: [PLANTER],
        configVars: { PLANT: trick, TARGET: secretPath }, sourceVersion: null, onLine: (line) => lines.push(line),
      })
      const archive = Buffer.concat(await slug.open().toArray())
      await slug.dispose()
      return { error: null, lines, slug, archive }
    } catch (error) {
      return { error: error as Error, lines, slug: null, archive: null }
    }
  }

  const leaksNothing = (result: Awaited<ReturnType<typeof plant>>) => {
    assert.doesNotMatch(result.lines.join('\n'), /TOPSECRET/)
    assert.doesNotMatch(result.error?.message ?? '', /TOPSECRET/)
    assert.doesNotMatch(JSON.stringify(result.slug?.processTypes ?? {}), /TOPSECRET/)
    if (result.archive) {
      const files = spawnSync('tar', ['-xzOf', '-'], { input: result.archive, maxBuffer: 64 * 1024 * 1024 }).stdout.toString()
      assert.doesNotMatch(files, /TOPSECRET/)
    }
  }

  it('refuses a Procfile that is a symbolic link to a secret, without echoing it', async () => {
    const result = await plant('procfile-symlink')
    leaksNothing(result)
    assert.ok(result.error instanceof BuildError, 'the build fails')
    assert.match(result.error.message, /Procfile is a symbolic link/)
  })

  it('refuses a Procfile with another hard link', async () => {
    const result = await plant('procfile-hardlink')
    leaksNothing(result)
    assert.match(result.error?.message ?? '', /Procfile has other hard links/)
  })

  it('refuses a Procfile that is a FIFO or a directory, without hanging', async () => {
    for (const trick of ['procfile-fifo', 'procfile-dir']) {
      const result = await plant(trick)
      assert.match(result.error?.message ?? '', /Procfile is not a regular file/, trick)
    }
  })

  it('refuses a giant Procfile', async () => {
    const result = await plant('procfile-huge')
    assert.match(result.error?.message ?? '', /Procfile is larger than/)
  })

  it('ignores a .berth-keep list that is a link into the host', async () => {
    const result = await plant('keep-symlink')
    assert.equal(result.error, null)
    leaksNothing(result)
  })

  it('packs a planted link as a link, not as what it points at', async () => {
    const result = await plant('slug-symlink')
    assert.equal(result.error, null)
    leaksNothing(result)
    const listing = spawnSync('tar', ['-tvzf', '-'], { input: result.archive! }).stdout.toString()
    assert.match(listing, /^l.* \.\/leak -> /m)
  })

  it('stops a release step that floods its output, and says why', async () => {
    const result = await plant('release-flood')
    assert.match(result.error?.message ?? '', /release step printed more than 64 KB/)
  })
})
