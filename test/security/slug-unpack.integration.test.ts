// Class of attack: a slug's archive changed after it was stored (overwritten through a leaked upload
// URL, or on disk) runs as the victim's app after a restart; an uploaded archive carries setuid
// files for whoever unpacks it as root.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { blobKeys } from '../../src/blobs/blob-keys.js'
import { FsBlobStore } from '../../src/blobs/fs/fs-blob-store.js'
import { findSandbox } from '../../src/main/find-sandbox.js'
import { SlugFiles, SlugTamperedError } from '../../src/scheduler/local/slug-files.js'

function archiveOf(files: Record<string, { text: string; mode?: number }>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'berth-slug-src-'))
  for (const [name, { text, mode }] of Object.entries(files)) {
    writeFileSync(join(dir, name), text)
    if (mode) chmodSync(join(dir, name), mode)
  }
  const packed = spawnSync('tar', ['-czf', '-', '-C', dir, '.']).stdout
  rmSync(dir, { recursive: true, force: true })
  return packed
}
const checksum = (bytes: Buffer) => `SHA256:${createHash('sha256').update(bytes).digest('hex')}`

describe('a slug runs only as it was stored', () => {
  const root = mkdtempSync(join(tmpdir(), 'berth-slug-files-'))
  // Like BERTH_WORK_DIR: traversable by the unprivileged user that unpacks slugs and runs dynos.
  chmodSync(root, 0o711)
  const blobs = new FsBlobStore(join(root, 'blobs'))
  const sandbox = findSandbox('auto')
  const slugs = new SlugFiles({ dir: join(root, 'slugs'), blobs, bwrap: sandbox.bwrap, user: sandbox.user })
  after(() => rmSync(root, { recursive: true, force: true }))
  const leftovers = () => readdirSync(join(root, 'slugs')).filter((name) => name.endsWith('.tmp'))

  it('unpacks an archive that matches its checksum, as the unprivileged user, without setuid bits', async () => {
    const archive = archiveOf({ 'server.js': { text: 'console.log(1)' }, escalate: { text: '#!/bin/sh\nid\n', mode: 0o4755 } })
    await blobs.put(blobKeys.slug('s-good'), archive)
    const dir = await slugs.ensure('s-good', checksum(archive))
    assert.ok(existsSync(join(dir, 'server.js')))
    const escalate = statSync(join(dir, 'escalate'))
    assert.equal(escalate.mode & 0o6000, 0, 'no setuid or setgid bit survives')
    if (sandbox.user) assert.equal(escalate.uid, sandbox.user.uid, 'owned by the unprivileged user, not root')
  })

  it('refuses an archive changed after its checksum was recorded, and leaves nothing behind', async () => {
    const original = archiveOf({ 'server.js': { text: 'console.log("victim")' } })
    await blobs.put(blobKeys.slug('s-tampered'), archiveOf({ 'server.js': { text: 'console.log("attacker")' } }))
    await assert.rejects(slugs.ensure('s-tampered', checksum(original)), (error: unknown) =>
      error instanceof SlugTamperedError && /does not match its checksum/.test(error.message))
    assert.equal(existsSync(join(root, 'slugs', 's-tampered')), false)
    assert.deepEqual(leftovers(), [])
  })

  it('refuses a slug with no recorded checksum, and a corrupt archive', async () => {
    const archive = archiveOf({ 'server.js': { text: '1' } })
    await blobs.put(blobKeys.slug('s-unchecked'), archive)
    await assert.rejects(slugs.ensure('s-unchecked', null), SlugTamperedError)
    const corrupt = Buffer.from('not a gzip stream')
    await blobs.put(blobKeys.slug('s-corrupt'), corrupt)
    await assert.rejects(slugs.ensure('s-corrupt', checksum(corrupt)), /could not unpack slug s-corrupt/)
    assert.deepEqual(leftovers(), [])
  })

  it('sweeps the leftovers of killed unpacks and slugs no dyno has used for a while', async () => {
    mkdirSync(join(root, 'slugs', 's-old.0000.tmp'))
    const archive = archiveOf({ 'server.js': { text: '2' } })
    await blobs.put(blobKeys.slug('s-idle'), archive)
    await slugs.ensure('s-idle', checksum(archive))
    const removed = await slugs.sweep(new Set(['s-good']), 0)
    assert.ok(removed.includes('s-idle'))
    assert.ok(!removed.includes('s-good'), 'a slug in use stays')
    assert.deepEqual(leftovers(), [])
    assert.ok(existsSync(join(root, 'slugs', 's-good')))
  })
})
