import { blobKeys } from '../blobs/blob-keys.js'
import { BlobTooLargeError } from '../blobs/blob-store.js'
import { formatBytes } from '../core/format-bytes.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Downloads an app setup's tarball from another server into the blob store as a new source, and
 * returns its id. Only `http(s)` URLs, only through the outbound rule (no internal addresses,
 * unless the operator allows them), at most BERTH_MAX_SOURCE_SIZE, and matching `checksum` when
 * one is given (`SHA256:<hex>`). Every refusal is `invalid_params` and leaves nothing stored.
 */
export async function fetchSetupSource(deps: Pick<ServiceDeps, 'blobs' | 'setupSources' | 'newId' | 'limits'>, url: URL, checksum: string | undefined): Promise<string> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PlatformError('invalid_params', 'source_blob.url must be an http or https URL of a gzipped tarball (git URLs are not fetched: use a tarball URL).')
  }
  const wanted = checksum === undefined ? null : /^SHA256:([0-9a-f]{64})$/i.exec(checksum)?.[1]?.toLowerCase()
  if (wanted === undefined) throw new PlatformError('invalid_params', 'source_blob.checksum must look like SHA256:<64 hex digits>.')
  const id = deps.newId()
  const key = blobKeys.source(id)
  try {
    const stored = await deps.blobs.put(key, await deps.setupSources.download(url), { maxBytes: deps.limits.maxSourceBytes })
    if (wanted !== null && stored.sha256 !== wanted) throw new PlatformError('invalid_params', 'The tarball at source_blob.url does not match source_blob.checksum.')
    return id
  } catch (error) {
    await deps.blobs.delete(key)
    if (error instanceof PlatformError) throw error
    if (error instanceof BlobTooLargeError) throw new PlatformError('invalid_params', `The tarball at source_blob.url is over ${formatBytes(error.maxBytes)}.`)
    throw new PlatformError('invalid_params', `Could not download source_blob.url: ${(error as Error).message.replace(/\.$/, '')}.`)
  }
}
