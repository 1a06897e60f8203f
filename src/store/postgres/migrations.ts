import { renderMigrations } from '../sql/schema.js'

/** PostgreSQL: native timestamps and booleans. */
export const POSTGRES_MIGRATIONS = renderMigrations({ timestamp: 'TIMESTAMPTZ', boolean: 'BOOLEAN', false: 'FALSE', bigint: 'BIGINT' })
