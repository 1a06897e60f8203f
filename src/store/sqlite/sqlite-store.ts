import { migrate } from '../sql/migrate.js'
import { SqlStore, type SqlStoreOptions } from '../sql/sql-store.js'
import { SqliteDriver } from './sqlite-driver.js'
import { SQLITE_MIGRATIONS } from './migrations.js'

/** The embedded default store: one SQLite file in WAL mode. */
export class SqliteStore extends SqlStore {
  static async open(filename: string, options: SqlStoreOptions): Promise<SqliteStore> {
    const driver = new SqliteDriver(filename)
    await migrate(driver, SQLITE_MIGRATIONS)
    const store = new SqliteStore(driver, options)
    await store.sealLegacyValues()
    return store
  }
}
