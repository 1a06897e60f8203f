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
    await this.db.transaction(async (tx) => {
      for (const row of rows) {
        const key = [row.appId, row.releaseVersion, row.minute]
        const [existing] = await tx.query<{ counts: string }>('SELECT counts FROM release_metrics WHERE app_id = ? AND release_version = ? AND minute = ?', key)
        if (existing) {
          const counts = addCounts(readCounts(existing.counts), row.counts)
          await tx.query('UPDATE release_metrics SET counts = ? WHERE app_id = ? AND release_version = ? AND minute = ?', [JSON.stringify(counts), ...key])
        } else {
          // An app deleted since the request was counted has nowhere to keep it.
          const app = await tx.query('SELECT id FROM apps WHERE id = ?', [row.appId])
          if (app.length > 0) await tx.query('INSERT INTO release_metrics (app_id, release_version, minute, counts) VALUES (?, ?, ?, ?)', [...key, JSON.stringify(row.counts)])
        }
      }
    })
  }

  /** A release's minutes, oldest first, from `fromMinute` on. */
  async listMetrics(appId: string, releaseVersion: number, fromMinute = 0): Promise<ReleaseMinute[]> {
    const rows = await this.db.query<{ minute: number | string; counts: string }>(
      'SELECT minute, counts FROM release_metrics WHERE app_id = ? AND release_version = ? AND minute >= ? ORDER BY minute', [appId, releaseVersion, fromMinute])
    return rows.map((row) => ({ appId, releaseVersion, minute: Number(row.minute), counts: readCounts(row.counts) }))
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
