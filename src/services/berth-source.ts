import { blobKeys } from '../blobs/blob-keys.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { redeemSourceRead } from './redeem-source-read.js'
import type { ServiceDeps } from './service-deps.js'

const SOURCE_PATH = /\/sources\/([0-9a-f-]{36})$/

/** Whether a URL has the shape of a source's get_url from `POST /sources` (a path and a token). */
export function isBerthSourceUrl(url: URL): boolean {
  return SOURCE_PATH.test(url.pathname) && url.searchParams.has('token')
}

/**
 * The id of the uploaded source a get_url names, once its token is redeemed for reading: builds read
 * it from the blob store and never fetch it, so such a URL cannot point Berth at another server.
 */
export async function redeemBerthSource(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store' | 'blobs'>, url: URL): Promise<string> {
  const id = SOURCE_PATH.exec(url.pathname)?.[1]
  if (!id) throw new PlatformError('invalid_params', 'source_blob.url must be a URL returned by POST /sources.')
  await redeemSourceRead(deps, id, url.searchParams.get('token') ?? '')
  if (!(await deps.blobs.exists(blobKeys.source(id)))) throw new PlatformError('invalid_params', 'Nothing was uploaded to that source URL yet.')
  return id
}
