import { randomUUID } from 'node:crypto'
import type { Formation } from '../../core/formation/formation.js'
import type { FormationEntry } from '../../core/formation/plan-formation.js'
import { toFormation } from './rows.js'
import type { SqlDriver } from './sql-driver.js'

/** The formation (process types, quantities, sizes) of the SQL store. */
export class FormationQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date,
  ) {}

  async list(appId: string): Promise<Formation[]> {
    return (await this.db.query('SELECT * FROM formations WHERE app_id = ? ORDER BY created_at, type', [appId])).map(toFormation)
  }

  /** Makes the formation exactly these entries in one transaction, keeping the ids of types that stay. */
  async replace(appId: string, entries: readonly FormationEntry[]): Promise<Formation[]> {
    await this.db.transaction(async (tx) => {
      const at = this.now().toISOString()
      const keep = entries.map((e) => e.type)
      const existing = await tx.query<{ type: string }>('SELECT type FROM formations WHERE app_id = ?', [appId])
      for (const { type } of existing) {
        if (!keep.includes(String(type))) await tx.query('DELETE FROM formations WHERE app_id = ? AND type = ?', [appId, type])
      }
      for (const entry of entries) {
        const updated = await tx.query(
          'UPDATE formations SET quantity = ?, size = ?, command = ?, updated_at = ? WHERE app_id = ? AND type = ? RETURNING id',
          [entry.quantity, entry.size, entry.command, at, appId, entry.type],
        )
        if (updated.length === 0) {
          await tx.query(
            'INSERT INTO formations (id, app_id, type, quantity, size, command, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [randomUUID(), appId, entry.type, entry.quantity, entry.size, entry.command, at, at],
          )
        }
      }
    })
    return this.list(appId)
  }
}
