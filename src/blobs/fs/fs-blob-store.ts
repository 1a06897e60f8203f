import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { BlobTooLargeError, type BlobStore, type StoredBlob } from '../blob-store.js'

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/

/** Blobs as files under one directory; writes go to a temp file and are renamed into place. */
export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(key: string, source: Readable | Buffer, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const path = this.#path(key)
    await mkdir(dirname(path), { recursive: true })
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
    const hash = createHash('sha256')
    let sizeBytes = 0
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sizeBytes += chunk.length
        if (options.maxBytes !== undefined && sizeBytes > options.maxBytes) return done(new BlobTooLargeError(options.maxBytes))
        hash.update(chunk)
        done(null, chunk)
      },
    })
    try {
      await pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, meter, createWriteStream(temp, { mode: 0o600 }))
      await rename(temp, path)
    } catch (error) {
      await rm(temp, { force: true })
      throw error
    }
    return { sizeBytes, sha256: hash.digest('hex') }
  }

  async get(key: string): Promise<Readable | null> {
    return (await this.exists(key)) ? createReadStream(this.#path(key)) : null
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.#path(key))).isFile()
    } catch {
      return false
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true })
  }

  #path(key: string): string {
    if (!KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) throw new Error(`invalid blob key ${JSON.stringify(key)}`)
    return join(this.root, key)
  }
}
