import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, describe, it } from 'node:test'
import { BuildError, type Builder, type BuildRequest } from './builder.js'

const FIXTURES = new URL('../../test/fixtures/', import.meta.url).pathname

export interface BuilderHarness {
  /** A builder with generous limits. */
  builder: Builder
  /** The same kind of builder with a shorter time limit or a smaller slug limit. */
  withLimits(limits: { timeoutMs?: number; maxSlugBytes?: number }): Builder
  /** How this builder names a test buildpack of `test/fixtures/buildpacks/`. */
  buildpack(name: 'hello' | 'sleepy' | 'planter' | 'multi-first' | 'multi-second'): string
  cleanup(): Promise<void>
}

function tarball(dir: string): BuildRequest['source'] {
  const bytes = spawnSync('tar', ['-czf', '-', '-C', dir, '.']).stdout
  return { kind: 'tarball', open: async () => Readable.from([bytes]) }
}

const fixture = (app: string) => tarball(join(FIXTURES, 'apps', app))

/** The suite every Builder passes unchanged: the local sandboxed one now, container builds later. */
export function runBuilderContract(name: string, open: () => Promise<BuilderHarness>): void {
  describe(`Builder contract: ${name}`, () => {
    let h: BuilderHarness
    after(async () => h?.cleanup())
    const build = async (appId: string, source: BuildRequest['source'], options: { buildpacks?: string[]; configVars?: Record<string, string>; builder?: Builder; stack?: string } = {}) => {
      h ??= await open()
      const lines: string[] = []
      const slug = await (options.builder ?? h.builder).build({
        appId, source, buildpacks: options.buildpacks ?? [], configVars: options.configVars ?? {}, sourceVersion: null, onLine: (l) => lines.push(l), stack: options.stack,
      })
      const archive = Buffer.concat(await slug.open().toArray())
      await slug.dispose()
      return { slug, archive, lines }
    }
    const refused = (pattern: RegExp) => (error: unknown) => error instanceof BuildError && pattern.test(error.message)

    it('detects a Node.js app and packs a slug whose archive, size and checksum agree', async () => {
      const { slug, archive, lines } = await build('contract-node', fixture('node-basic'))
      assert.ok(lines.includes('-----> Node.js app detected'), lines.join('\n'))
      assert.equal(archive.length, slug.sizeBytes)
      assert.equal(slug.checksum, `SHA256:${createHash('sha256').update(archive).digest('hex')}`)
      assert.match(spawnSync('tar', ['-tzf', '-'], { input: archive }).stdout.toString(), /\.\/server\.js/)
      assert.deepEqual(slug.processTypes, { web: 'npm start' })
    })

    it("runs a buildpack's compile with the source, the app's config vars and a cache of its own, and takes its default process types", async () => {
      h ??= await open()
      const hello = { buildpacks: [h.buildpack('hello')], configVars: { GREETING: 'bonjour' } }
      const first = await build('contract-cache-a', fixture('custom-buildpack'), hello)
      assert.ok(first.lines.includes('       greeting from ENV_DIR: bonjour'), first.lines.join('\n'))
      assert.ok(first.lines.includes('       build number 1 (from the cache)'))
      assert.ok((await build('contract-cache-a', fixture('custom-buildpack'), hello)).lines.includes('       build number 2 (from the cache)'))
      assert.ok((await build('contract-cache-b', fixture('custom-buildpack'), hello)).lines.includes('       build number 1 (from the cache)'), 'apps do not share a cache')
      await h.builder.purgeCache('contract-cache-a')
      assert.ok((await build('contract-cache-a', fixture('custom-buildpack'), hello)).lines.includes('       build number 1 (from the cache)'), 'a purged cache starts over')
      assert.deepEqual(first.slug.processTypes, { web: 'cat HELLO.txt' })
      assert.equal(spawnSync('tar', ['-xzOf', '-', './HELLO.txt'], { input: first.archive }).stdout.toString(), 'HELLO FROM A CUSTOM BUILDPACK\n')
    })

    it('detects built-ins in order (Node.js before Procfile), and names what each looks for when none applies', async () => {
      const { lines } = await build('contract-order', fixture('node-and-procfile'))
      assert.ok(lines.includes('-----> Node.js app detected'), lines.join('\n'))
      assert.ok(!lines.includes('-----> Procfile app detected'))
      await assert.rejects(build('contract-nothing', fixture('detects-nothing')),
        refused(/^No default language could be detected for this app\. Berth looked for package\.json \(Node\.js\)(, .+)? and Procfile \(any language the machine has\)\./))
    })

    it('runs every listed buildpack in order: each compile sees the exports of those before it, and their releases merge', async () => {
      h ??= await open()
      const { slug, archive, lines } = await build('contract-multi', fixture('custom-buildpack'), {
        buildpacks: [h.buildpack('multi-first'), h.buildpack('multi-second')], stack: 'heroku-22',
      })
      const text = lines.join('\n')
      assert.match(lines[0]!, /^-----> Building on the Heroku-22 stack(, .+)?$/)
      assert.match(text, /-----> First app detected\n-----> First buildpack compiling on stack heroku-22\n/)
      assert.ok(lines.includes('       its own buildpack is read-only'), text)
      assert.match(text, /-----> Second app detected\n-----> Second buildpack compiling\n       FIRST_HOME=\/app\/\.first\n/)
      const read = (path: string) => spawnSync('tar', ['-xzOf', '-', path], { input: archive }).stdout.toString()
      assert.equal(read('./second-saw.txt'), 'first tool ran\n')
      assert.deepEqual(slug.processTypes, { web: 'second web', assets: 'first assets' })
      assert.equal(slug.buildpackDescription, 'First, Second')
      const script = read('./.profile.d/000-buildpack-config-vars.sh')
      const env = spawnSync('/bin/bash', ['-c', `${script}\nprintf '%s|%s' "$FROM_FIRST" "$SHARED"`], { env: { FROM_FIRST: 'set by the app' } }).stdout.toString()
      assert.equal(env, "set by the app|it's second")
    })

    it('fails with a BuildError naming the step when compile fails, after streaming its output', async () => {
      h ??= await open()
      const lines: string[] = []
      await assert.rejects(h.builder.build({ appId: 'contract-fail', source: fixture('build-fails'), buildpacks: [], configVars: {}, sourceVersion: null, onLine: (l) => lines.push(l) }),
        refused(/compile step exited with status 1/))
      assert.ok(lines.some((l) => l.includes('error: this build always fails')), lines.join('\n'))
    })

    it('refuses a source archive with a path that leaves its tree', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'berth-contract-escape-'))
      writeFileSync(join(dir, 'package.json'), '{}')
      const bytes = spawnSync('tar', ['-czf', '-', '-C', dir, '--transform', 's,^\\./package,../../package,', './package.json']).stdout
      rmSync(dir, { recursive: true, force: true })
      await assert.rejects(build('contract-escape', { kind: 'tarball', open: async () => Readable.from([bytes]) }), refused(/leaves the source tree/))
    })

    it('stops a build at its time limit, and a slug over its size limit', async () => {
      h ??= await open()
      const started = Date.now()
      await assert.rejects(build('contract-slow', fixture('custom-buildpack'), { buildpacks: [h.buildpack('sleepy')], builder: h.withLimits({ timeoutMs: 1500 }) }), refused(/timed out/))
      assert.ok(Date.now() - started < 10_000, 'the sleeping step was killed')
      await assert.rejects(build('contract-big', fixture('node-basic'), { builder: h.withLimits({ maxSlugBytes: 10 }) }), refused(/Compiled slug size: .* is too large/))
    })

    it('never reads what the build left behind through a link to a file outside it', async () => {
      h ??= await open()
      const secretDir = mkdtempSync(join(tmpdir(), 'berth-contract-secret-'))
      const secret = join(secretDir, 'secret.key')
      writeFileSync(secret, 'web: berth_CONTRACTSECRET\n', { mode: 0o600 })
      chmodSync(secretDir, 0o700)
      try {
        const lines: string[] = []
        await assert.rejects(h.builder.build({
          appId: 'contract-planted', source: fixture('custom-buildpack'), buildpacks: [h.buildpack('planter')],
          configVars: { PLANT: 'procfile-symlink', TARGET: secret }, sourceVersion: null, onLine: (l) => lines.push(l),
        }), (error: unknown) => refused(/Procfile is a symbolic link/)(error) && !String(error).includes('CONTRACTSECRET'))
        assert.doesNotMatch(lines.join('\n'), /CONTRACTSECRET/)
      } finally {
        rmSync(secretDir, { recursive: true, force: true })
      }
    })
  })
}
