import { migrate } from '../sql/migrate.js'
import { SqlStore, type SqlStoreOptions } from '../sql/sql-store.js'
import { PostgresDriver } from './postgres-driver.js'
import { POSTGRES_MIGRATIONS } from './migrations.js'

/** The store for a shared control plane: PostgreSQL through a connection pool. */
export class PostgresStore extends SqlStore {
  static async open(connectionString: string, options: SqlStoreOptions): Promise<PostgresStore> {
    const driver = new PostgresDriver(connectionString)
    try {
      await migrate(driver, POSTGRES_MIGRATIONS)
      const store = new PostgresStore(driver, options)
      await store.sealLegacyValues()
      return store
    } catch (error) {
      await driver.close()
      throw error
    }
  }
}
