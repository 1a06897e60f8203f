import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBlobStoreContract } from '../blob-store.contract.js'
import { FsBlobStore } from './fs-blob-store.js'

runBlobStoreContract('FsBlobStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-blobs-'))
  return { store: new FsBlobStore(dir), cleanup: async () => rmSync(dir, { recursive: true, force: true }) }
})
