import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, it } from 'node:test'
import { readAppJson } from '../build/read-app-json.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { createAppSetup } from './create-app-setup.js'

function tarballWith(manifest: unknown): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'berth-setup-'))
  try {
    writeFileSync(join(dir, 'app.json'), JSON.stringify(manifest))
    writeFileSync(join(dir, 'Procfile'), 'web: node server.js\n')
    return spawnSync('tar', ['-czf', '-', '.'], { cwd: dir }).stdout
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const setupSources = (bytes: Buffer) => ({
  download: async () => Readable.from([bytes]),
  readAppJson: (tarball: Readable) => readAppJson(tarball, { maxManifestBytes: 256 * 1024, maxEntries: 100 }),
})

describe('createAppSetup', () => {
  it('removes the app, its add-ons and the downloaded source when a step after the app exists fails', async (t) => {
    const bytes = tarballWith({ addons: ['heroku-postgresql', 'heroku-redis'], env: { A: 'b' } })
    const rig = await open(t, { setupSources: setupSources(bytes) })
    const owner = await rig.account()
    const stored: string[] = []
    const blobs = rig.deps.blobs
    const put = blobs.put.bind(blobs)
    blobs.put = (key, source, options) => (stored.push(key), put(key, source, options))
    const postgres = rig.providers.get('berth-postgresql')!
    // The Redis server is down: the PostgreSQL database is made first, then the setup must undo it.
    rig.providers.get('berth-redis')!.reachable = false
    await assert.rejects(
      createAppSetup(rig.deps, owner, { sourceUrl: 'https://example.com/app.tgz', app: { name: 'half-made' }, overrides: {}, webUrlOf: () => 'http://x/' }),
      (error: unknown) => error instanceof PlatformError && error.id === 'unavailable',
    )
    assert.equal(await rig.store.findApp('half-made'), null)
    assert.deepEqual(postgres.calls.map((c) => c.split(' ')[0]), ['provision', 'deprovision'])
    assert.deepEqual(await rig.store.listAddons({ memberId: owner.id }), [])
    assert.equal(stored.length, 1)
    assert.equal(await rig.deps.blobs.exists(stored[0]!), false)
  })

  it('refuses an add-on whose provider this installation does not run before making anything', async (t) => {
    const rig = await open(t, { setupSources: setupSources(tarballWith({ addons: ['heroku-redis'] })) })
    rig.providers.delete('berth-redis')
    const owner = await rig.account()
    await assert.rejects(
      createAppSetup(rig.deps, owner, { sourceUrl: 'https://example.com/app.tgz', app: { name: 'no-redis-here' }, overrides: {}, webUrlOf: () => 'http://x/' }),
      (error: unknown) => error instanceof PlatformError && error.id === 'unavailable' && /berth-redis is not enabled/.test(error.message),
    )
    assert.equal(await rig.store.findApp('no-redis-here'), null)
  })

  it('checks the tarball against source_blob.checksum', async (t) => {
    const rig = await open(t, { setupSources: setupSources(tarballWith({})) })
    const owner = await rig.account()
    const input = { sourceUrl: 'https://example.com/app.tgz', app: { name: 'checked' }, overrides: {}, webUrlOf: () => 'http://x/' }
    await assert.rejects(createAppSetup(rig.deps, owner, { ...input, checksum: `SHA256:${'0'.repeat(64)}` }), /does not match source_blob\.checksum/)
    await assert.rejects(createAppSetup(rig.deps, owner, { ...input, checksum: 'md5:abc' }), /must look like SHA256:/)
    assert.equal(await rig.store.findApp('checked'), null)
  })
})
