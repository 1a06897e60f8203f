import type { Readable } from 'node:stream'
import { blobKeys } from '../blobs/blob-keys.js'
import { redeemSourceRead } from './redeem-source-read.js'
import type { ServiceDeps } from './service-deps.js'

/** Reads back an uploaded source, or null if nothing was uploaded. */
export async function downloadSource(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'store' | 'blobs'>, id: string, token: string): Promise<Readable | null> {
  const { grant } = await redeemSourceRead(deps, id, token)
  return deps.blobs.get(blobKeys.source(grant.id))
}
