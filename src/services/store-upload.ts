import type { Readable } from 'node:stream'
import { BlobTooLargeError, type StoredBlob } from '../blobs/blob-store.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { ServiceDeps } from './service-deps.js'

/** Stores an uploaded body as a blob, refusing it with payload_too_large past `maxBytes`. */
export async function storeUpload(deps: Pick<ServiceDeps, 'blobs'>, key: string, body: Readable, maxBytes: number, what: string): Promise<StoredBlob> {
  try {
    return await deps.blobs.put(key, body, { maxBytes })
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw new PlatformError('payload_too_large', `${what} is larger than ${maxBytes} bytes.`)
    throw error
  }
}
