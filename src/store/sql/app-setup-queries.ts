import { randomUUID } from 'node:crypto'
import type { AppSetup, AppSetupPatch, AppSetupStatus } from '../../core/app-setups/app-setup.js'
import { notFound } from '../../core/errors/platform-error.js'
import type { SqlDriver, SqlValue } from './sql-driver.js'

type Row = Record<string, unknown>

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)))
const nullable = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))

const SELECT = 'SELECT s.*, apps.name AS app_name FROM app_setups s JOIN apps ON apps.id = s.app_id'

function toAppSetup(row: Row): AppSetup {
  return {
    id: String(row.id),
    appId: String(row.app_id),
    appName: String(row.app_name),
    accountId: String(row.account_id),
    status: String(row.status) as AppSetupStatus,
    failureMessage: nullable(row.failure_message),
    buildId: nullable(row.build_id),
    postdeploy: row.postdeploy_exit_code === null || row.postdeploy_exit_code === undefined
      ? null
      : { exitCode: Number(row.postdeploy_exit_code), output: String(row.postdeploy_output ?? '') },
    successUrl: nullable(row.success_url),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

/** App setups of the SQL store: one row per setup, going with its app. */
export class AppSetupQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date,
  ) {}

  async create(input: { appId: string; accountId: string; successUrl: string | null }): Promise<AppSetup> {
    const at = this.now().toISOString()
    const id = randomUUID()
    await this.db.query(
      `INSERT INTO app_setups (id, app_id, account_id, status, success_url, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?)`,
      [id, input.appId, input.accountId, input.successUrl, at, at],
    )
    return (await this.get(id))!
  }

  async get(id: string): Promise<AppSetup | null> {
    const [row] = await this.db.query(`${SELECT} WHERE s.id = ?`, [id])
    return row ? toAppSetup(row) : null
  }

  // A setup pending from before this process started belonged to one that is gone: nothing will finish it.
  async failInterrupted(before: Date, failureMessage: string): Promise<AppSetup[]> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE app_setups SET status = 'failed', failure_message = ?, updated_at = ? WHERE status = 'pending' AND created_at < ? RETURNING id`,
      [failureMessage, this.now().toISOString(), before.toISOString()],
    )
    const setups = await Promise.all(rows.map((row) => this.get(String(row.id))))
    return setups.filter((s) => s !== null)
  }

  // A setup that settled stays settled: only a pending one changes status, so a late step cannot undo a failure.
  async update(id: string, patch: AppSetupPatch): Promise<AppSetup> {
    const sets: string[] = ['updated_at = ?']
    const values: SqlValue[] = [this.now().toISOString()]
    const set = (column: string, value: SqlValue) => {
      sets.push(`${column} = ?`)
      values.push(value)
    }
    if (patch.failureMessage !== undefined) set('failure_message', patch.failureMessage)
    if (patch.buildId !== undefined) set('build_id', patch.buildId)
    if (patch.postdeploy !== undefined) {
      set('postdeploy_exit_code', patch.postdeploy.exitCode)
      set('postdeploy_output', patch.postdeploy.output)
    }
    if (patch.status !== undefined) set('status', patch.status)
    const guard = patch.status !== undefined ? " AND status = 'pending'" : ''
    await this.db.query(`UPDATE app_setups SET ${sets.join(', ')} WHERE id = ?${guard}`, [...values, id])
    const setup = await this.get(id)
    if (!setup) throw notFound('app-setup')
    return setup
  }
}
