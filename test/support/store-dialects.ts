import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js'
import { PostgresDriver } from '../../src/store/postgres/postgres-driver.js'
import { PostgresStore } from '../../src/store/postgres/postgres-store.js'
import type { SecretBox } from '../../src/store/secret-box.js'
import type { Migration, SqlDriver } from '../../src/store/sql/sql-driver.js'
import type { SqlStore } from '../../src/store/sql/sql-store.js'
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js'
import { SqliteDriver } from '../../src/store/sqlite/sqlite-driver.js'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import { createTestDatabase } from './postgres.js'

/** An empty database: raw connections to it (to lay down an older schema and its rows), the store opening it, and its dropper. */
export interface EmptyDatabase {
  connect(): SqlDriver
  migrations: Migration[]
  open(box: SecretBox): Promise<SqlStore>
  drop(): Promise<void>
}

/** Both SQL dialects, for tests of what the store makes of rows an older Berth stored. */
export const STORE_DIALECTS: { name: string; create(): Promise<EmptyDatabase> }[] = [
  {
    name: 'SQLite',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'berth-legacy-'))
      const file = join(dir, 'berth.db')
      return { connect: () => new SqliteDriver(file), migrations: SQLITE_MIGRATIONS, open: (box) => SqliteStore.open(file, { box }), drop: async () => rmSync(dir, { recursive: true, force: true }) }
    },
  },
  {
    name: 'PostgreSQL',
    async create() {
      const database = await createTestDatabase()
      return { connect: () => new PostgresDriver(database.url), migrations: POSTGRES_MIGRATIONS, open: (box) => PostgresStore.open(database.url, { box }), drop: () => database.drop() }
    },
  },
]
