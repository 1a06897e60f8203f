import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { readUntrustedFile, UntrustedFileError } from './read-untrusted-file.js'

describe('readUntrustedFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-untrusted-'))
  const secret = join(mkdtempSync(join(tmpdir(), 'berth-secret-')), 'secret.key')
  writeFileSync(secret, 'the-signing-key')
  after(() => rmSync(dir, { recursive: true, force: true }))
  const refused = (pattern: RegExp) => (error: unknown) =>
    error instanceof UntrustedFileError && pattern.test(error.message) && !error.message.includes('the-signing-key')

  it('reads a regular file, and answers null for a missing one', async () => {
    writeFileSync(join(dir, 'Procfile'), 'web: node server.js\n')
    assert.equal((await readUntrustedFile(dir, 'Procfile', 1024))?.toString(), 'web: node server.js\n')
    assert.equal(await readUntrustedFile(dir, 'missing', 1024), null)
  })

  it('never follows a symbolic link, even one to a file it could read', async () => {
    symlinkSync(secret, join(dir, 'link'))
    await assert.rejects(readUntrustedFile(dir, 'link', 1024), refused(/link is a symbolic link/))
  })

  it('refuses a hard link to a file elsewhere', async () => {
    linkSync(secret, join(dir, 'hard'))
    await assert.rejects(readUntrustedFile(dir, 'hard', 1024), refused(/hard links/))
  })

  it('refuses a FIFO without blocking, and a directory', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')])
    await assert.rejects(readUntrustedFile(dir, 'fifo', 1024), refused(/not a regular file/))
    mkdirSync(join(dir, 'folder'))
    await assert.rejects(readUntrustedFile(dir, 'folder', 1024), refused(/not a regular file/))
  })

  it('refuses a file over the limit', async () => {
    writeFileSync(join(dir, 'big'), 'x'.repeat(2048))
    await assert.rejects(readUntrustedFile(dir, 'big', 1024), refused(/larger than 1024 bytes/))
  })

  it('takes one path segment only', async () => {
    for (const name of ['../secret.key', 'a/b', '..', '', 'nul\0']) {
      await assert.rejects(readUntrustedFile(dir, name, 1024), UntrustedFileError)
    }
  })
})
