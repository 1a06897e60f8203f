import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createTestDatabase } from '../../../test/support/postgres.js'
import { SecretBox } from '../secret-box.js'
import { runStoreContract } from '../store.contract.js'
import { PostgresStore } from './postgres-store.js'

runStoreContract('PostgresStore', async () => {
  const database = await createTestDatabase()
  const store = await PostgresStore.open(database.url, { box: new SecretBox(randomBytes(32)) })
  return {
    store,
    dumpAllText: async () => {
      const client = new pg.Client({ connectionString: database.url })
      await client.connect()
      const tables = ['accounts', 'tokens', 'apps', 'collaborators', 'slugs', 'releases']
      const rows: string[] = []
      for (const table of tables) rows.push(JSON.stringify((await client.query(`SELECT * FROM ${table}`)).rows))
      await client.end()
      return rows.join('\n')
    },
    cleanup: async () => {
      await store.close()
      await database.drop()
    },
  }
})
