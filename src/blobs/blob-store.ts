import type { Readable } from 'node:stream'

export interface StoredBlob {
  sizeBytes: number
  sha256: string
}

/**
 * Immutable bytes by key: slugs (`slugs/<id>.tgz`), uploaded sources, build
 * logs. `put` is atomic: a reader sees the whole blob or none. Keys are
 * `[a-z0-9/._-]` paths without `..`. Filesystem now; S3-compatible later.
 */
export interface BlobStore {
  put(key: string, source: Readable | Buffer, options?: { maxBytes?: number }): Promise<StoredBlob>
  /** The blob's bytes, or null if there is none. */
  get(key: string): Promise<Readable | null>
  exists(key: string): Promise<boolean>
  delete(key: string): Promise<void>
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`blob is larger than ${maxBytes} bytes`)
  }
}
