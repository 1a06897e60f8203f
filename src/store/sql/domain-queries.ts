import { randomUUID } from 'node:crypto'
import type { HeldDomain } from '../../core/domains/custom-domain.js'
import type { CustomDomain } from '../../core/domains/domain.js'
import { toDomain } from './rows.js'
import type { SqlDriver } from './sql-driver.js'

/** Custom domains of the SQL store; a claim is checked and inserted in one transaction. */
export class DomainQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date,
  ) {}

  async list(appId: string): Promise<CustomDomain[]> {
    return (await this.db.query('SELECT * FROM domains WHERE app_id = ? ORDER BY hostname', [appId])).map(toDomain)
  }

  async add(appId: string, hostname: string, check?: (held: readonly HeldDomain[]) => void): Promise<CustomDomain> {
    return this.db.transaction(async (tx) => {
      if (check) {
        // SQLite's transaction holds the write lock already; PostgreSQL's needs this one.
        if (tx.dialect === 'postgres') await tx.query('LOCK TABLE domains IN SHARE ROW EXCLUSIVE MODE')
        const rows = await tx.query('SELECT d.hostname, d.app_id, a.owner_id FROM domains d JOIN apps a ON a.id = d.app_id WHERE d.app_id <> ?', [appId])
        check(rows.map((row) => ({ hostname: String(row.hostname), appId: String(row.app_id), ownerId: String(row.owner_id) })))
      }
      const at = this.now().toISOString()
      const rows = await tx.query('INSERT INTO domains (id, app_id, hostname, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING *', [randomUUID(), appId, hostname, at, at])
      return toDomain(rows[0]!)
    })
  }

  async remove(appId: string, hostname: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM domains WHERE app_id = ? AND hostname = ? RETURNING id', [appId, hostname])).length > 0
  }
}
