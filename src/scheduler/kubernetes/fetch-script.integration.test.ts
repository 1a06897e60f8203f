import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, afterEach, before, beforeEach, describe, it } from 'node:test'
import { EXAMPLE_TARGET } from '../../../test/fixtures/kubernetes/manifest-examples.js'
import { specFor } from '../scheduler.contract.js'
import { planAppManifests } from './plan-manifests.js'
import { fetchScript } from './plan-pod-spec.js'
import type { RuntimeSource } from './runtime-sources.js'

const NODE = 'node@20.11.1'

/** A gzipped tarball of `files`, made by tar as the runtime store and the slug packer make theirs. */
function tarball(dir: string, name: string, files: Record<string, string>): Buffer {
  const tree = join(dir, `${name}-tree`)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(tree, path, '..'), { recursive: true })
    writeFileSync(join(tree, path), text, { mode: 0o755 })
  }
  const made = spawnSync('tar', ['-czf', join(dir, `${name}.tgz`), '-C', tree, '.'])
  assert.equal(made.status, 0, String(made.stderr))
  return readFileSync(join(dir, `${name}.tgz`))
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Runs the script a pod's init container runs, with the environment the kubelet would give it from the planned pod spec and slug Secret. */
function runInit(manifests: ReturnType<typeof planAppManifests>, paths: { app: string; runtimes: string }): Promise<{ code: number; stderr: string }> {
  const init = (manifests.deployments[0] as any).spec.template.spec.initContainers[0]
  const secrets = new Map(manifests.secrets.map((s) => [s.metadata.name, s.data as Record<string, string>]))
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' }
  for (const variable of init.env) {
    const ref = variable.valueFrom?.secretKeyRef
    env[variable.name] = ref ? Buffer.from(secrets.get(ref.name)![ref.key]!, 'base64').toString('utf8') : variable.value
  }
  assert.deepEqual(init.command.slice(0, 2), ['/bin/sh', '-c'])
  // The pod's own script, at these paths instead of /app and /runtime-store.
  assert.equal(init.command[2], fetchScript())
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', fetchScript(paths)], { env }, (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }))
  })
}

describe('the init container\'s script, run by /bin/sh against a real HTTP server', () => {
  let dir: string
  let paths: { app: string; runtimes: string }
  let baseUrl: string
  const served: Record<string, Buffer> = {}
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(req.url ?? '')
    const body = served[new URL(req.url ?? '/', 'http://x').pathname]
    res.writeHead(body ? 200 : 404).end(body)
  })
  let runtime: Buffer
  let slug: Buffer

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const fixtures = mkdtempSync(join(tmpdir(), 'berth-fetch-fixtures-'))
    runtime = tarball(fixtures, 'runtime', { 'bin/node': '#!/bin/sh\necho v20.11.1\n', 'lib/node_modules/npm/package.json': '{}' })
    slug = tarball(fixtures, 'slug', { 'server.js': 'console.log("hi")\n', '.profile.d/node.sh': 'export PATH=/runtime-store/node/20.11.1/bin:$PATH\n' })
    rmSync(fixtures, { recursive: true, force: true })
    served['/runtimes/node@20.11.1'] = runtime
    served['/slugs/slug-1'] = slug
    served['/runtimes/truncated'] = runtime.subarray(0, Math.floor(runtime.length / 2))
  })
  after(() => server.close())
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-fetch-'))
    paths = { app: join(dir, 'app'), runtimes: join(dir, 'runtimes') }
    mkdirSync(paths.app)
    mkdirSync(paths.runtimes)
    requests.length = 0
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const plan = (source: RuntimeSource, slugSha = sha256(slug)) => {
    const spec = specFor('inspector', { slugId: 'slug-1', slugChecksum: `SHA256:${slugSha}`, runtimes: [NODE] })
    return planAppManifests(EXAMPLE_TARGET, [spec], () => `${baseUrl}/slugs/slug-1`, new Map([[NODE, source]]))
  }

  it('unpacks the runtime where the slug expects it and the slug at /app, and leaves no download behind', async () => {
    const ran = await runInit(plan({ url: `${baseUrl}/runtimes/node@20.11.1?expires=1&signature=s`, sha256: sha256(runtime) }), paths)
    assert.deepEqual(ran, { code: 0, stderr: '' })
    assert.equal(readFileSync(join(paths.runtimes, 'node/20.11.1/bin/node'), 'utf8'), '#!/bin/sh\necho v20.11.1\n')
    assert.equal(readFileSync(join(paths.app, 'server.js'), 'utf8'), 'console.log("hi")\n')
    assert.deepEqual(readdirSync(paths.runtimes), ['node'])
    assert.deepEqual(readdirSync(paths.app).sort(), ['.profile.d', 'server.js'])

    // An init container run again (the slug failed, say) keeps the runtime it has and fetches only the slug.
    rmSync(join(paths.app, 'server.js'))
    requests.length = 0
    assert.equal((await runInit(plan({ url: `${baseUrl}/runtimes/node@20.11.1`, sha256: sha256(runtime) }), paths)).code, 0)
    assert.deepEqual(requests, ['/slugs/slug-1'])
  })

  it('fails on a runtime that does not match its checksum, with nothing unpacked and the slug never fetched', async () => {
    const ran = await runInit(plan({ url: `${baseUrl}/runtimes/node@20.11.1`, sha256: sha256(Buffer.from('another runtime')) }), paths)
    assert.notEqual(ran.code, 0)
    assert.match(ran.stderr, /the runtime node\/20\.11\.1 does not match its checksum; the dyno will not start/)
    assert.deepEqual(readdirSync(paths.runtimes), [])
    assert.deepEqual(readdirSync(paths.app), [])
    assert.deepEqual(requests, ['/runtimes/node@20.11.1'])
  })

  it('leaves no half-unpacked runtime at its path when the tarball breaks off midway', async () => {
    // The checksum the store recorded matches, but the archive is cut short: tar fails partway through.
    const ran = await runInit(plan({ url: `${baseUrl}/runtimes/truncated`, sha256: sha256(served['/runtimes/truncated']!) }), paths)
    assert.notEqual(ran.code, 0)
    assert.equal(existsSync(join(paths.runtimes, 'node/20.11.1')), false)
    assert.equal(existsSync(join(paths.runtimes, '.fetch')), false)
  })

  it('fails when the runtime cannot be fetched, naming it', async () => {
    const ran = await runInit(plan({ url: `${baseUrl}/runtimes/gone`, sha256: sha256(runtime) }), paths)
    assert.notEqual(ran.code, 0)
    assert.match(ran.stderr, /could not fetch the runtime node\/20\.11\.1/)
    assert.deepEqual(readdirSync(paths.runtimes), [])
  })

  it('fails on a slug that does not match the release\'s checksum, and removes its download', async () => {
    const ran = await runInit(plan({ url: `${baseUrl}/runtimes/node@20.11.1`, sha256: sha256(runtime) }, sha256(Buffer.from('another slug'))), paths)
    assert.notEqual(ran.code, 0)
    assert.match(ran.stderr, /the slug does not match its checksum; the dyno will not start/)
    assert.deepEqual(readdirSync(paths.app), [])
  })
})
