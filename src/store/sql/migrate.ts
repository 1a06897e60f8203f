import type { Migration, SqlDriver } from './sql-driver.js'

/** Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction. */
export async function migrate(driver: SqlDriver, migrations: readonly Migration[]): Promise<void> {
  await driver.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)')
  const rows = await driver.query<{ version: number }>('SELECT version FROM schema_migrations')
  const applied = new Set(rows.map((row) => Number(row.version)))
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue
    await driver.transaction(async (tx) => {
      for (const statement of migration.sql.split(';').map((s) => s.trim()).filter(Boolean)) {
        await tx.query(statement)
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [migration.version, migration.name])
    })
  }
}
