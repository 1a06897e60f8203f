import { randomUUID } from 'node:crypto'
import type { LogDrain } from '../../core/logs/log-drain.js'
import type { SecretBox } from '../secret-box.js'
import { toDrain } from './rows.js'
import type { SqlDriver } from './sql-driver.js'

/**
 * Log drains of the SQL store. A drain's URL may carry credentials (`https://user:pass@…`,
 * `?token=…`), so it is sealed like config vars; a keyed digest of it keeps one drain per URL per app.
 */
export class DrainQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly box: SecretBox,
    private readonly now: () => Date,
  ) {}

  /** One app's drains, or every app's. */
  async list(appId?: string): Promise<LogDrain[]> {
    const rows = appId === undefined
      ? await this.db.query('SELECT * FROM log_drains ORDER BY created_at')
      : await this.db.query('SELECT * FROM log_drains WHERE app_id = ? ORDER BY created_at', [appId])
    return rows.map((row) => toDrain(row, this.box))
  }

  async add(appId: string, url: string, token: string): Promise<LogDrain> {
    const at = this.now().toISOString()
    const rows = await this.db.query(
      'INSERT INTO log_drains (id, app_id, url, url_digest, token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
      [randomUUID(), appId, this.box.seal(url), this.box.digest(url), token, at, at],
    )
    return toDrain(rows[0]!, this.box)
  }

  async remove(appId: string, drainId: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM log_drains WHERE app_id = ? AND id = ? RETURNING id', [appId, drainId])).length > 0
  }

  /**
   * Seals the URLs of drains added before URLs were sealed (they have no digest yet). Each row is
   * sealed at most once, even by several servers starting on one database at the same time.
   */
  async sealLegacy(): Promise<number> {
    const legacy = await this.db.query<{ id: string; url: string }>('SELECT id, url FROM log_drains WHERE url_digest IS NULL')
    for (const { id, url } of legacy) {
      await this.db.query('UPDATE log_drains SET url = ?, url_digest = ? WHERE id = ? AND url_digest IS NULL', [this.box.seal(url), this.box.digest(url), id])
    }
    return legacy.length
  }
}
