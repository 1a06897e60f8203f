import { finished, PassThrough, type Readable } from 'node:stream'
import { BlobTooLargeError, type StoredBlob } from '../blobs/blob-store.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Stores an uploaded body as a blob, refusing it with payload_too_large past `maxBytes`. A refused
 * body is not destroyed but drained, so the client can finish sending and read the answer.
 */
export async function storeUpload(deps: Pick<ServiceDeps, 'blobs'>, key: string, body: Readable, maxBytes: number, what: string): Promise<StoredBlob> {
  const upload = new PassThrough()
  // pipe() does not pass errors on: a client that hangs up mid-upload must still fail the put.
  finished(body, (error) => { if (error) upload.destroy(error) })
  body.pipe(upload)
  try {
    return await deps.blobs.put(key, upload, { maxBytes })
  } catch (error) {
    body.unpipe(upload)
    body.resume()
    if (error instanceof BlobTooLargeError) throw new PlatformError('payload_too_large', `${what} is larger than ${maxBytes} bytes.`)
    throw error
  }
}
