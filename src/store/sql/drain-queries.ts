import { randomUUID } from 'node:crypto'
import type { LogDrain } from '../../core/logs/log-drain.js'
import { toDrain } from './rows.js'
import type { SqlDriver } from './sql-driver.js'

/** Log drains of the SQL store. */
export class DrainQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date,
  ) {}

  /** One app's drains, or every app's. */
  async list(appId?: string): Promise<LogDrain[]> {
    const rows = appId === undefined
      ? await this.db.query('SELECT * FROM log_drains ORDER BY created_at')
      : await this.db.query('SELECT * FROM log_drains WHERE app_id = ? ORDER BY created_at', [appId])
    return rows.map(toDrain)
  }

  async add(appId: string, url: string, token: string): Promise<LogDrain> {
    const at = this.now().toISOString()
    const rows = await this.db.query('INSERT INTO log_drains (id, app_id, url, token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *', [randomUUID(), appId, url, token, at, at])
    return toDrain(rows[0]!)
  }

  async remove(appId: string, drainId: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM log_drains WHERE app_id = ? AND id = ? RETURNING id', [appId, drainId])).length > 0
  }
}
