import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createTestDatabase } from '../../../test/support/postgres.js'
import { SecretBox } from '../secret-box.js'
import { runAppSetupStoreContract } from '../app-setup-store.contract.js'
import { runStoreContract, type StoreHarness } from '../store.contract.js'
import { runPipelineStoreContract } from '../pipeline-store.contract.js'
import { runWebhookStoreContract } from '../webhook-store.contract.js'
import { PostgresStore } from './postgres-store.js'

async function open(): Promise<StoreHarness> {
  const database = await createTestDatabase()
  const store = await PostgresStore.open(database.url, { box: new SecretBox(randomBytes(32)) })
  return {
    store,
    // Every table the database has, read from its catalog (as the SQLite half reads the whole file),
    // so a table added later cannot keep a secret out of sight of the checks.
    dumpAllText: async () => {
      const client = new pg.Client({ connectionString: database.url })
      await client.connect()
      try {
        const { rows: tables } = await client.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
        )
        const dump: string[] = []
        for (const { name } of tables) dump.push(`${name}: ${JSON.stringify((await client.query(`SELECT * FROM ${pg.escapeIdentifier(name)}`)).rows)}`)
        return dump.join('\n')
      } finally {
        await client.end()
      }
    },
    cleanup: async () => {
      await store.close()
      await database.drop()
    },
  }
}

runAppSetupStoreContract('PostgresStore', open)
runStoreContract('PostgresStore', open)
runWebhookStoreContract('PostgresStore', open)
runPipelineStoreContract('PostgresStore', open)
