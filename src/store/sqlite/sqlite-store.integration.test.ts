import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SecretBox } from '../secret-box.js'
import { runAppSetupStoreContract } from '../app-setup-store.contract.js'
import { runStoreContract, type StoreHarness } from '../store.contract.js'
import { runPipelineStoreContract } from '../pipeline-store.contract.js'
import { runWebhookStoreContract } from '../webhook-store.contract.js'
import { SqliteStore } from './sqlite-store.js'

async function open(): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-sqlite-'))
  const store = await SqliteStore.open(join(dir, 'berth.db'), { box: new SecretBox(randomBytes(32)) })
  return {
    store,
    // The database file and its WAL hold every byte SQLite stored.
    dumpAllText: async () => readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n'),
    cleanup: async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

runAppSetupStoreContract('SqliteStore', open)
runStoreContract('SqliteStore', open)
runWebhookStoreContract('SqliteStore', open)
runPipelineStoreContract('SqliteStore', open)
