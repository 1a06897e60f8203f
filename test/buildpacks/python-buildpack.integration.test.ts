import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, describe, it } from 'node:test'
import { findSandbox } from '../../src/main/find-sandbox.js'
import { LocalBuilder } from '../../src/build/local-builder.js'

const ROOT = new URL('../../', import.meta.url).pathname

/** The Python buildpack run by the real LocalBuilder (sandboxed, real PyPI) on apps the e2e test does not push. */
describe('the Python buildpack in the LocalBuilder', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'berth-python-bp-'))
  // Builds run as an unprivileged user, who must traverse to the workspaces and the runtimes.
  chmodSync(workDir, 0o711)
  const runtimesDir = join(workDir, 'runtimes')
  mkdirSync(runtimesDir)
  const sandbox = findSandbox('auto')
  const builder = new LocalBuilder({
    workDir: join(workDir, 'builds'), builtinDir: join(ROOT, 'buildpacks'), allowedBuildpackPaths: [], network: null, bwrap: sandbox.bwrap, user: sandbox.user,
    timeoutMs: 600_000, maxSlugBytes: 200 * 1024 * 1024, maxSourceBytes: 50 * 1024 * 1024, stack: 'heroku-24', runtimesDir,
  })
  after(() => rmSync(workDir, { recursive: true, force: true }))

  async function build(appId: string, dir: string) {
    const lines: string[] = []
    const tgz = spawnSync('tar', ['-czf', '-', '-C', dir, '.']).stdout
    const slug = await builder.build({
      appId, source: { kind: 'tarball', open: async () => Readable.from([tgz]) }, buildpacks: [], configVars: {}, sourceVersion: null, onLine: (l) => lines.push(l),
    }).catch((error: Error) => ({ error, lines }))
    if ('error' in slug) return { output: lines.join('\n'), error: slug.error, files: null }
    const files = mkdtempSync(join(workDir, 'slug-'))
    const chunks: Buffer[] = []
    for await (const chunk of slug.open()) chunks.push(chunk as Buffer)
    spawnSync('tar', ['-xzf', '-', '-C', files], { input: Buffer.concat(chunks) })
    await slug.dispose()
    return { output: lines.join('\n'), error: null, files }
  }

  function app(files: Record<string, string>): string {
    const dir = mkdtempSync(join(workDir, 'app-'))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    return dir
  }

  it('installs a Poetry project with poetry sync (main group only), then reuses it while poetry.lock is unchanged', async () => {
    const dir = mkdtempSync(join(workDir, 'poetry-'))
    cpSync(join(ROOT, 'test/fixtures/apps/python-poetry'), dir, { recursive: true })
    const first = await build('poetry', dir)
    assert.equal(first.error, null, first.output)
    assert.match(first.output, /-----> Installing dependencies using 'poetry sync --only main'/)
    assert.match(first.output, /Installing gunicorn \(27\.0\.1\)/)
    assert.doesNotMatch(first.output, /pytest/)
    const site = join(first.files!, '.heroku/python/lib/python3.11/site-packages')
    assert.ok(readFileSync(join(site, 'gunicorn-27.0.1.dist-info/METADATA'), 'utf8').includes('Name: gunicorn'))
    const second = await build('poetry', dir)
    assert.match(second.output, /poetry\.lock, pyproject\.toml unchanged: reusing the virtual environment/)
  })

  it("prefers the operator's runtime for the version asked for, and pip when requirements.txt sits beside uv.lock", async () => {
    // An operator runtime laid out <language>/<version>/ (here the machine's 3.11 under another patch number).
    mkdirSync(join(runtimesDir, 'python/3.11.50/bin'), { recursive: true })
    symlinkSync('/usr/bin/python3.11', join(runtimesDir, 'python/3.11.50/bin/python3'))
    const built = await build('operator', app({ 'requirements.txt': 'six==1.17.0\n', 'uv.lock': 'version = 1\n', '.python-version': '3.11.50\n' }))
    assert.equal(built.error, null, built.output)
    assert.match(built.output, /-----> Using Python 3\.11\.50 specified in \.python-version/)
    assert.match(built.output, /\/runtimes\/python\/3\.11\.50\/bin\/python3, from the operator's runtimes/)
    assert.match(built.output, / ! {5}Multiple package manager files were found: requirements\.txt, uv\.lock\./)
    assert.match(built.output, /-----> Installing requirements with pip/)
    assert.equal(readlinkSync(join(built.files!, '.heroku/python/bin/python3')), '/runtimes/python/3.11.50/bin/python3')
    assert.match(readFileSync(join(built.files!, '.profile.d/python.sh'), 'utf8'), /export PATH="\/app\/\.heroku\/python\/bin:\$PATH"/)
  })

  it('fails a pyproject.toml app without a lock file, naming the files it needs', async () => {
    const built = await build('no-lock', app({ 'pyproject.toml': '[project]\nname = "x"\nversion = "0"\n' }))
    assert.match(built.output, /-----> Python app detected/)
    assert.match(built.output, / ! {5}Couldn't find any supported Python package manager files\./)
    assert.match(built.error!.message, /the Python buildpack's compile step exited with status 1/)
  })
})
