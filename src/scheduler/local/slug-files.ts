import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import type { BlobStore } from '../../blobs/blob-store.js'
import { blobKeys } from '../../blobs/blob-keys.js'
import { planSandbox } from '../../sandbox/plan-sandbox.js'
import { runCommand } from '../../sandbox/run-command.js'

export interface SlugFilesOptions {
  /** Where unpacked slugs live: outside the data dir, traversable by the dyno user. */
  dir: string
  blobs: Pick<BlobStore, 'get'>
  bwrap: string | null
  /** Unpacks as this user (tar never runs privileged over an archive a client may have uploaded). */
  user: { uid: number; gid: number } | null
}

const MARKER = '.berth-unpacked'

/** A slug's archive that does not match the checksum recorded when it was stored. */
export class SlugTamperedError extends Error {}

/**
 * Unpacked slugs, one directory per slug, made once and shared read-only by every dyno of every
 * release that uses the slug. Each unpack first checks the archive against the slug's recorded
 * sha256, so an archive changed after it was stored never runs.
 */
export class SlugFiles {
  readonly #pending = new Map<string, Promise<string>>()

  constructor(private readonly options: SlugFilesOptions) {}

  /** The unpacked slug's directory, unpacking it first if needed. `checksum` is the slug's `SHA256:<hex>`. */
  async ensure(slugId: string, checksum: string | null): Promise<string> {
    const dest = join(this.options.dir, slugId)
    if (existsSync(join(dest, MARKER))) {
      // The marker's time is the slug's last use, which the sweep reads.
      const now = new Date()
      await utimes(join(dest, MARKER), now, now).catch(() => undefined)
      return dest
    }
    let pending = this.#pending.get(slugId)
    if (!pending) {
      pending = this.#unpack(slugId, checksum, dest).finally(() => this.#pending.delete(slugId))
      this.#pending.set(slugId, pending)
    }
    return pending
  }

  /**
   * Removes unpacked slugs no dyno uses that were last used more than `idleMs` ago, and the
   * leftovers of unpacks a killed server never finished (as old as that: an unpack takes seconds,
   * and another server sharing the folder may be unpacking right now).
   */
  async sweep(inUse: ReadonlySet<string>, idleMs: number): Promise<string[]> {
    const removed: string[] = []
    const entries = await readdir(this.options.dir).catch(() => [])
    for (const name of entries) {
      const path = join(this.options.dir, name)
      const slugId = name.split('.')[0]!
      if (inUse.has(slugId) || this.#pending.has(slugId)) continue
      const lastUse = await stat(name.endsWith('.tmp') ? path : join(path, MARKER)).then((s) => s.mtimeMs, () => 0)
      if (Date.now() - lastUse < idleMs) continue
      await rm(path, { recursive: true, force: true })
      removed.push(name)
    }
    return removed
  }

  async #unpack(slugId: string, checksum: string | null, dest: string): Promise<string> {
    const expected = /^SHA256:([0-9a-f]{64})$/i.exec(checksum ?? '')?.[1]?.toLowerCase()
    if (!expected) throw new SlugTamperedError(`slug ${slugId} has no recorded checksum, so its archive cannot be trusted`)
    const archive = await this.options.blobs.get(blobKeys.slug(slugId))
    if (!archive) throw new Error(`slug ${slugId} has no archive`)
    await mkdir(this.options.dir, { recursive: true, mode: 0o711 })
    await chmod(this.options.dir, 0o711)
    const temp = `${dest}.${randomUUID()}.tmp`
    try {
      await mkdir(temp, { mode: 0o755 })
      if (this.options.user) await chown(temp, this.options.user.uid, this.options.user.gid)
      const hash = createHash('sha256')
      const hashing = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk)
          done(null, chunk)
        },
      })
      let readAll = false
      hashing.on('finish', () => { readAll = true })
      archive.on('error', (error) => hashing.destroy(error))
      archive.pipe(hashing)
      const spec = planSandbox({
        bwrap: this.options.bwrap, user: this.options.user, cwd: '/slug', env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
        mounts: [{ hostPath: temp, path: '/slug', writable: true }],
        command: ['tar', '-xzf', '-', '--no-same-owner', '--no-same-permissions', '-C', '/slug'],
      })
      const errors: string[] = []
      const result = await runCommand(spec, { stdin: hashing, onLine: (line) => errors.length < 5 && errors.push(line), timeoutMs: 10 * 60_000 })
      if (!readAll) throw new Error(`could not read slug ${slugId}'s archive${errors.length ? `: ${errors.join(' ')}` : ''}`)
      // Whatever tar made of it, nothing is used until the bytes it read are the bytes that were stored.
      if (hash.digest('hex') !== expected) throw new SlugTamperedError(`slug ${slugId}'s archive does not match its checksum; it will not run`)
      if (result.code !== 0) throw new Error(`could not unpack slug ${slugId}: ${errors.join(' ').trim() || `tar exited with ${result.code}`}`)
      await chmod(temp, 0o755)
      await writeFile(join(temp, MARKER), '')
      await rm(dest, { recursive: true, force: true })
      await rename(temp, dest)
      return dest
    } finally {
      await rm(temp, { recursive: true, force: true })
    }
  }
}
