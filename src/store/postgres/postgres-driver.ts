import pg from 'pg'
import { PlatformError } from '../../core/errors/platform-error.js'
import type { SqlDriver, SqlValue } from '../sql/sql-driver.js'

/** Rewrites `?` placeholders to PostgreSQL's `$1, $2…` (our SQL has no `?` in literals). */
export function toPostgresPlaceholders(sql: string): string {
  let index = 0
  return sql.replace(/\?/g, () => `$${++index}`)
}

/** node-postgres behind the SqlDriver port. */
export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const
  readonly #pool: pg.Pool

  constructor(connectionString: string, poolSize = 10) {
    this.#pool = new pg.Pool({ connectionString, max: poolSize })
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    this.#pool.on('error', () => undefined)
  }

  query<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return run<Row>(this.#pool, sql, params)
  }

  async transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect()
    const tx: SqlDriver = {
      dialect: 'postgres',
      query: <Row>(sql: string, params: readonly SqlValue[] = []) => run<Row>(client, sql, params),
      transaction: (inner) => inner(tx),
      close: async () => undefined,
    }
    try {
      await client.query('BEGIN')
      const result = await fn(tx)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  close(): Promise<void> {
    return this.#pool.end()
  }
}

async function run<Row>(client: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[]): Promise<Row[]> {
  try {
    const result = await client.query(toPostgresPlaceholders(sql), params as SqlValue[])
    return result.rows as Row[]
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === '23505') {
      throw new PlatformError('conflict', 'That resource already exists.', { cause: error })
    }
    // PostgreSQL text cannot hold NUL (SQLite can): the services refuse it first, this is the last line.
    if (code === '22021' || code === '22P05') {
      throw new PlatformError('invalid_params', 'Text may not contain NUL characters (\\u0000).', { cause: error })
    }
    throw error
  }
}
