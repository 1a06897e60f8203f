import Database from 'better-sqlite3'
import { PlatformError } from '../../core/errors/platform-error.js'
import type { SqlDriver, SqlValue } from '../sql/sql-driver.js'

type Statement = Database.Statement<unknown[], Record<string, unknown>>

/**
 * better-sqlite3 behind the async SqlDriver port. The driver is synchronous, so
 * an async transaction could interleave with other callers at its awaits; a
 * single queue serialises every operation instead, which is what SQLite's one
 * writer would do anyway.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const
  readonly #db: Database.Database
  readonly #statements = new Map<string, Statement>()
  #queue: Promise<unknown> = Promise.resolve()

  constructor(filename: string) {
    this.#db = new Database(filename)
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma('synchronous = NORMAL')
    this.#db.pragma('foreign_keys = ON')
    this.#db.pragma('busy_timeout = 5000')
  }

  query<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.#enqueue(async () => this.#run<Row>(sql, params))
  }

  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    return this.#enqueue(async () => {
      this.#run('BEGIN IMMEDIATE', [])
      try {
        const result = await fn(this.#inTransaction())
        this.#run('COMMIT', [])
        return result
      } catch (error) {
        this.#run('ROLLBACK', [])
        throw error
      }
    })
  }

  async close(): Promise<void> {
    await this.#queue.catch(() => undefined)
    this.#db.close()
  }

  #inTransaction(): SqlDriver {
    const tx: SqlDriver = {
      dialect: 'sqlite',
      query: async <Row>(sql: string, params: readonly SqlValue[] = []) => this.#run<Row>(sql, params),
      transaction: (fn) => fn(tx),
      close: async () => undefined,
    }
    return tx
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task)
    this.#queue = result.catch(() => undefined)
    return result
  }

  #run<Row>(sql: string, params: readonly SqlValue[]): Row[] {
    let statement = this.#statements.get(sql)
    if (!statement) {
      statement = this.#db.prepare(sql)
      this.#statements.set(sql, statement)
    }
    const values = params.map((value) => (typeof value === 'boolean' ? Number(value) : value))
    try {
      if (statement.reader) return statement.all(...values) as Row[]
      statement.run(...values)
      return []
    } catch (error) {
      throw translate(error)
    }
  }
}

function translate(error: unknown): unknown {
  const code = (error as { code?: string }).code
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new PlatformError('conflict', 'That resource already exists.', { cause: error })
  }
  return error
}
