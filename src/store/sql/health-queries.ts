import { DEFAULT_AUTO_ROLLBACK, type AutoRollbackSettings } from '../../core/health/auto-rollback-settings.js'
import { addCounts, emptyCounts, type ReleaseCounts } from '../../core/health/release-counts.js'
import type { ReleaseMinute } from '../store-inputs.js'
import type { SqlDriver } from './sql-driver.js'

/**
 * Release health in the SQL store: per-minute counts of each release, added to (never replaced)
 * by each flush of the meter, so a restarted server's counts join the ones before; and each app's
 * automatic rollback settings.
 */
export class HealthQueries {
  constructor(private readonly db: SqlDriver, private readonly now: () => Date) {}

  async addMetrics(rows: readonly ReleaseMinute[]): Promise<void> {
    if (rows.length === 0) return
    // In one order on every server, so two flushes lock their shared minutes without a deadlock.
    const ordered = [...rows].sort((a, b) => a.appId.localeCompare(b.appId) || a.releaseVersion - b.releaseVersion || a.minute - b.minute)
    await this.db.transaction(async (tx) => {
      // PostgreSQL runs flushes side by side (several servers, or a pool): the row is locked between read and write.
      const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : ''
      for (const row of ordered) {
        const key = [row.appId, row.releaseVersion, row.minute]
        // A new minute, unless another flush made it first (or its app was deleted since the request was counted).
        const inserted = await tx.query(
          `INSERT INTO release_metrics (app_id, release_version, minute, counts) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM apps WHERE id = ?)
           ON CONFLICT (app_id, release_version, minute) DO NOTHING RETURNING minute`, [...key, JSON.stringify(row.counts), row.appId])
        if (inserted.length > 0) continue
        const [existing] = await tx.query<{ counts: string }>(`SELECT counts FROM release_metrics WHERE app_id = ? AND release_version = ? AND minute = ?${lock}`, key)
        if (!existing) continue
        const counts = addCounts(readCounts(existing.counts), row.counts)
        await tx.query('UPDATE release_metrics SET counts = ? WHERE app_id = ? AND release_version = ? AND minute = ?', [JSON.stringify(counts), ...key])
      }
    })
  }

  /** A release's minutes, oldest first, from `fromMinute` on; only the newest `maxMinutes` of them when given. */
  async listMetrics(appId: string, releaseVersion: number, fromMinute = 0, maxMinutes?: number): Promise<ReleaseMinute[]> {
    const newest = maxMinutes === undefined ? '' : ' ORDER BY minute DESC LIMIT ?'
    const rows = await this.db.query<{ minute: number | string; counts: string }>(
      `SELECT minute, counts FROM (SELECT minute, counts FROM release_metrics WHERE app_id = ? AND release_version = ? AND minute >= ?${newest}) AS kept ORDER BY minute`,
      maxMinutes === undefined ? [appId, releaseVersion, fromMinute] : [appId, releaseVersion, fromMinute, maxMinutes])
    return rows.map((row) => ({ appId, releaseVersion, minute: Number(row.minute), counts: readCounts(row.counts) }))
  }

  async expireMetrics(beforeMinute: number): Promise<number> {
    return (await this.db.query('DELETE FROM release_metrics WHERE minute < ? RETURNING minute', [beforeMinute])).length
  }

  async getAutoRollback(appId: string): Promise<AutoRollbackSettings> {
    const [row] = await this.db.query<{ settings: string }>('SELECT settings FROM auto_rollback WHERE app_id = ?', [appId])
    return row ? { ...DEFAULT_AUTO_ROLLBACK, ...JSON.parse(row.settings) as Partial<AutoRollbackSettings> } : { ...DEFAULT_AUTO_ROLLBACK }
  }

  async setAutoRollback(appId: string, settings: AutoRollbackSettings): Promise<AutoRollbackSettings> {
    const json = JSON.stringify(settings)
    const at = this.now().toISOString()
    await this.db.transaction(async (tx) => {
      const updated = await tx.query('UPDATE auto_rollback SET settings = ?, updated_at = ? WHERE app_id = ? RETURNING app_id', [json, at, appId])
      if (updated.length === 0) await tx.query('INSERT INTO auto_rollback (app_id, settings, updated_at) VALUES (?, ?, ?)', [appId, json, at])
    })
    return settings
  }
}

/** Counts as stored: missing fields (an older shape) read as zero. */
function readCounts(json: string): ReleaseCounts {
  return addCounts(emptyCounts(), { ...emptyCounts(), ...JSON.parse(json) as Partial<ReleaseCounts> })
}
