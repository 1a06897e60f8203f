/**
 * The little a SQL store needs from a database: parameterised queries with `?`
 * placeholders and transactions. Drivers translate unique violations into
 * PlatformError `conflict`.
 */
export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres'
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>
  /** Runs `fn` in one transaction that takes the write lock up front. */
  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export type SqlValue = string | number | boolean | null

export interface Migration {
  version: number
  name: string
  sql: string
}
