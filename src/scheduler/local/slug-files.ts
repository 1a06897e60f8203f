import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BlobStore } from '../../blobs/blob-store.js'
import { blobKeys } from '../../blobs/blob-keys.js'

/**
 * Unpacked slugs, one directory per slug, made once and shared read-only by
 * every dyno of every release that uses the slug.
 */
export class SlugFiles {
  readonly #pending = new Map<string, Promise<string>>()

  constructor(
    private readonly dir: string,
    private readonly blobs: Pick<BlobStore, 'get'>,
  ) {}

  ensure(slugId: string): Promise<string> {
    const dest = join(this.dir, slugId)
    if (existsSync(join(dest, '.berth-unpacked'))) return Promise.resolve(dest)
    let pending = this.#pending.get(slugId)
    if (!pending) {
      pending = this.#unpack(slugId, dest).finally(() => this.#pending.delete(slugId))
      this.#pending.set(slugId, pending)
    }
    return pending
  }

  async remove(slugId: string): Promise<void> {
    await rm(join(this.dir, slugId), { recursive: true, force: true })
  }

  async #unpack(slugId: string, dest: string): Promise<string> {
    const archive = await this.blobs.get(blobKeys.slug(slugId))
    if (!archive) throw new Error(`slug ${slugId} has no archive`)
    await mkdir(this.dir, { recursive: true, mode: 0o711 })
    await chmod(this.dir, 0o711)
    const temp = `${dest}.${process.pid}.tmp`
    await rm(temp, { recursive: true, force: true })
    await mkdir(temp, { mode: 0o755 })
    await new Promise<void>((resolve, reject) => {
      const tar = spawn('tar', ['-xzf', '-', '--no-same-owner', '-C', temp], { stdio: ['pipe', 'ignore', 'pipe'] })
      let stderr = ''
      tar.stderr.on('data', (chunk) => { stderr += chunk })
      tar.on('error', reject)
      tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`could not unpack slug ${slugId}: ${stderr.trim()}`))))
      archive.on('error', reject)
      archive.pipe(tar.stdin)
    })
    await chmod(temp, 0o755)
    await writeFile(join(temp, '.berth-unpacked'), '')
    await rm(dest, { recursive: true, force: true })
    await rename(temp, dest)
    return dest
  }
}
