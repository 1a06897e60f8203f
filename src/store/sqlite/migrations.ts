import { renderMigrations } from '../sql/schema.js'

/** SQLite: ISO-8601 text timestamps and 0/1 booleans. */
export const SQLITE_MIGRATIONS = renderMigrations({ timestamp: 'TEXT', boolean: 'INTEGER', false: '0', bigint: 'INTEGER' })
