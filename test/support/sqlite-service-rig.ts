import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { FsBlobStore } from '../../src/blobs/fs/fs-blob-store.js'
import { openServiceRig, type ServiceRigOptions } from '../../src/services/service-rig.js'
import { SecretBox } from '../../src/store/secret-box.js'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js'

/**
 * The service rig on a real SQLite store and blob store in a temporary directory, closed and removed
 * after the test. It lives here rather than beside the rig because services/ may not import
 * implementations (eslint.config.js), and the rig must not either.
 */
export async function openSqliteServiceRig(t: TestContext, options: Omit<ServiceRigOptions, 'store' | 'blobs'> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'berth-services-'))
  const store = await SqliteStore.open(join(dir, 'berth.db'), { box: new SecretBox(randomBytes(32)) })
  const rig = openServiceRig({ ...options, store, blobs: new FsBlobStore(join(dir, 'blobs')) })
  t.after(async () => {
    await rig.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return rig
}
