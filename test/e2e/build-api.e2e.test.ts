import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_build_api_key_0123456789'
const FIXTURES = new URL('../fixtures/apps/', import.meta.url).pathname

/** A gzipped tarball made by GNU tar with extra arguments (for hostile archives). */
function tarball(dir: string, ...args: string[]): Buffer {
  const result = spawnSync('tar', ['-czf', '-', ...args], { cwd: dir, maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(result.stderr.toString())
  return result.stdout
}

describe('Build API', () => {
  let berth: BerthProcess
  const api = apiClient(() => berth.apiUrl, KEY)

  const upload = async (bytes: Buffer) => {
    const { body } = await api('POST', '/sources')
    const put = await fetch(body.source_blob.put_url, { method: 'PUT', body: bytes, headers: { 'Content-Type': '' } })
    assert.equal(put.status, 200)
    return body.source_blob.get_url as string
  }
  const buildAndWait = async (app: string, bytes: Buffer, version = '0123456789abcdef') => {
    const url = await upload(bytes)
    const created = await api('POST', `/apps/${app}/builds`, { source_blob: { url, version } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    assert.equal(created.body.status, 'pending')
    const done = await waitFor(async () => {
      const { body } = await api('GET', `/apps/${app}/builds/${created.body.id}`)
      return body.status === 'pending' ? null : body
    }, { what: 'build to finish', timeoutMs: 60_000 })
    const output = await api('GET', `/apps/${app}/builds/${created.body.id}/output`)
    return { build: done, output: String(output.body) }
  }

  before(async () => { berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_MAX_SOURCE_SIZE: '5', BERTH_KEEP_RELEASES: '2' }) })
  after(async () => berth.stop())

  it('uploads a source, builds it and releases it, with the output streamed', async () => {
    await api('POST', '/apps', { name: 'via-api' })
    const { build, output } = await buildAndWait('via-api', tarball(join(FIXTURES, 'node-basic'), '.'))
    assert.equal(build.status, 'succeeded')
    assert.match(output, /-----> Node.js app detected[\s\S]*Released v3/)
    const release = (await api('GET', `/apps/via-api/releases/${build.release.id}`)).body
    assert.deepEqual([release.version, release.description, release.slug.id], [3, 'Deploy 01234567', build.slug.id])
    const list = await api('GET', '/apps/via-api/builds')
    assert.deepEqual(list.body.map((b: any) => b.id), [build.id])
  })

  it("destroying an app deletes its slug archives and build output from the data dir", async () => {
    await api('POST', '/apps', { name: 'short-lived' })
    const { build } = await buildAndWait('short-lived', tarball(join(FIXTURES, 'node-basic'), '.'))
    const files = [join('slugs', `${build.slug.id}.tgz`), join('builds', `${build.id}.log`)].map((f) => join(berth.dataDir, 'blobs', f))
    assert.ok(files.every((f) => existsSync(f)), 'the build left its archive and output')
    assert.equal((await api('DELETE', '/apps/short-lived')).status, 200)
    assert.deepEqual(files.filter((f) => existsSync(f)), [])
  })

  it('builds a tarball whose only entry is the app directory, as Heroku does', async () => {
    await api('POST', '/apps', { name: 'nested-src' })
    const { build } = await buildAndWait('nested-src', tarball(FIXTURES, 'node-basic'))
    assert.equal(build.status, 'succeeded')
  })

  it('refuses source URLs that are not Berth sources, so builds fetch nothing (no SSRF)', async () => {
    await api('POST', '/apps', { name: 'no-ssrf' })
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'file:///etc/passwd', `${berth.apiUrl}/sources/00000000-0000-0000-0000-000000000000?token=forged`, 'not a url']) {
      const response = await api('POST', '/apps/no-ssrf/builds', { source_blob: { url } })
      assert.ok([404, 422].includes(response.status), `${url}: ${response.status}`)
    }
    const source = (await api('POST', '/sources')).body.source_blob.get_url
    const notUploaded = await api('POST', '/apps/no-ssrf/builds', { source_blob: { url: source } })
    assert.deepEqual([notUploaded.status, notUploaded.body.message], [422, 'Nothing was uploaded to that source URL yet.'])
  })

  it('rejects hostile archives with a clear reason and releases nothing', async () => {
    await api('POST', '/apps', { name: 'hostile' })
    const dir = mkdtempSync(join(tmpdir(), 'berth-hostile-'))
    writeFileSync(join(dir, 'package.json'), readFileSync(join(FIXTURES, 'node-basic', 'package.json')))
    mkdirSync(join(dir, 'sub'))
    symlinkSync('/etc/passwd', join(dir, 'passwd-link'))
    symlinkSync('../../..', join(dir, 'sub', 'up'))
    writeFileSync(join(dir, 'zeros'), Buffer.alloc(6 * 1024 * 1024))
    const cases: [Buffer, RegExp][] = [
      [tarball(dir, '-P', '--transform', 's,^package.json,/tmp/berth-escaped.json,', 'package.json'), /absolute paths are not allowed/],
      [tarball(dir, '--transform', 's,^package.json,../escape.json,', 'package.json'), /leaves the source tree/],
      [tarball(dir, 'package.json', 'passwd-link'), /links to absolute paths/],
      [tarball(dir, 'package.json', 'sub'), /points outside the source tree/],
      [tarball(dir, 'package.json', 'zeros'), /unpacks to more than 5\.0M/],
    ]
    for (const [bytes, reason] of cases) {
      const { build, output } = await buildAndWait('hostile', bytes)
      assert.equal(build.status, 'failed', output)
      assert.match(output, reason)
    }
    assert.equal((await api('GET', '/apps/hostile/releases')).body.length, 2)
  })

  it('keeps the slugs rollback needs and expires the rest', async () => {
    await api('POST', '/apps', { name: 'retention' })
    const repo = await fixtureRepo('node-basic')
    const remote = remoteUrl(berth.apiUrl, 'retention', KEY)
    for (let i = 0; i < 4; i++) {
      if (i > 0) {
        writeFileSync(join(repo, `f${i}.txt`), String(i))
        await git(['add', '-A'], repo)
        await git(['commit', '-q', '-m', `c${i}`], repo)
      }
      assert.equal((await git(['push', '-q', remote, 'main'], repo)).code, 0)
    }
    // v3..v6 are deploys; with BERTH_KEEP_RELEASES=2, v3 and v4 lose their slugs.
    const byVersion = new Map((await api('GET', '/apps/retention/releases')).body.map((r: any) => [r.version, r]))
    assert.deepEqual([3, 4, 5, 6].map((v) => (byVersion.get(v) as any).status), ['expired', 'expired', 'succeeded', 'succeeded'])
    assert.equal((byVersion.get(3) as any).eligible_for_rollback, false)
    const refused = await api('POST', '/apps/retention/releases', { release: 3 })
    assert.deepEqual([refused.status, refused.body.message], [422, 'Cannot roll back to v3. Release v3 has expired: its slug was removed.'])
    const rolled = await api('POST', '/apps/retention/releases', { release: 5 })
    assert.equal(rolled.status, 201)
  })

  it('refuses a source upload over the size limit with payload_too_large', async () => {
    const { body } = await api('POST', '/sources')
    const put = await fetch(body.source_blob.put_url, { method: 'PUT', body: randomBytes(6 * 1024 * 1024) })
    assert.equal(put.status, 413)
    assert.equal(((await put.json()) as { id: string }).id, 'payload_too_large')
  })

  it('accepts upload URLs only with their own token: forged or borrowed tokens are not_found', async () => {
    const { body } = await api('POST', '/sources')
    const put = new URL(body.source_blob.put_url as string)
    const id = put.pathname.split('/').pop()!
    const token = put.searchParams.get('token')!
    const attempts = [
      `${berth.apiUrl}/sources/${id}?token=forged`,
      `${berth.apiUrl}/sources/${id}`,
      // A source's token does not open the slug archive with the same id.
      `${berth.apiUrl}/slug-archives/${id}?token=${encodeURIComponent(token)}`,
    ]
    for (const url of attempts) {
      const response = await fetch(url, { method: 'PUT', body: Buffer.from('x') })
      assert.equal(response.status, 404, url)
      assert.equal(((await response.json()) as { id: string }).id, 'not_found', url)
    }
    const read = await fetch(`${berth.apiUrl}/sources/${id}?token=forged`)
    assert.equal(read.status, 404)
  })

  it('purges the build cache', async () => {
    await api('POST', '/apps', { name: 'purge-me' })
    assert.deepEqual((await api('DELETE', '/apps/purge-me/build-cache')).status, 200)
  })
})
