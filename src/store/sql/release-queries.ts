import { randomUUID } from 'node:crypto'
import { notFound, PlatformError } from '../../core/errors/platform-error.js'
import type { ReleaseRef } from '../../core/releases/parse-release-ref.js'
import type { Release, ReleaseDraft } from '../../core/releases/release.js'
import type { SecretBox } from '../secret-box.js'
import type { ReleasePage } from '../store-inputs.js'
import type { ReleasePlanner } from '../store-planners.js'
import { toRelease } from './rows.js'
import type { SqlDriver, SqlValue } from './sql-driver.js'

const RELEASE_SELECT = `SELECT r.*, (a.current_release_id = r.id) AS is_current, s.process_types AS slug_process_types
  FROM releases r JOIN apps a ON a.id = r.app_id LEFT JOIN slugs s ON s.id = r.slug_id`

/** Release queries of the SQL store, including versioned appends. */
export class ReleaseQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly box: SecretBox,
    private readonly now: () => Date,
  ) {}

  /** Inserts a draft under the app's next version. Call inside a transaction holding the app's lock. */
  async insert(tx: SqlDriver, appId: string, version: number, draft: ReleaseDraft): Promise<string> {
    const at = this.now().toISOString()
    const id = randomUUID()
    await tx.query(
      `INSERT INTO releases (id, app_id, version, description, status, slug_id, config_vars, addon_config_vars,
         addon_plan_names, actor_id, actor_email, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id, appId, version, draft.description, draft.status, draft.slugId,
        this.box.sealJson(draft.configVars), this.box.sealJson(draft.addonConfigVars),
        JSON.stringify(draft.addonPlanNames), draft.actor.id, draft.actor.email, at, at,
      ],
    )
    await tx.query('UPDATE apps SET last_version = ?, updated_at = ? WHERE id = ?', [version, at, appId])
    return id
  }

  async append(appId: string, plan: ReleasePlanner): Promise<Release | null> {
    return this.db.transaction((tx) => this.appendIn(tx, appId, plan))
  }

  /** `append` inside the caller's transaction, so other rows can change with the release atomically. */
  async appendIn(tx: SqlDriver, appId: string, plan: ReleasePlanner): Promise<Release | null> {
    const app = await lockApp(tx, appId)
    const latest = await this.latest(tx, appId)
    const current = app.current_release_id ? await this.byId(tx, app.current_release_id) : null
    const draft = plan({ latest, current })
    if (draft === null) return null
    const id = await this.insert(tx, appId, Number(app.last_version) + 1, draft)
    return (await this.byId(tx, id))!
  }

  async finish(releaseId: string, status: 'succeeded' | 'failed', makeCurrent: boolean): Promise<Release> {
    return this.db.transaction(async (tx) => {
      const at = this.now().toISOString()
      const [row] = await tx.query<{ app_id: string; version: number }>(
        `UPDATE releases SET status = ?, updated_at = ? WHERE id = ? AND status = 'pending' RETURNING app_id, version`,
        [status, at, releaseId],
      )
      if (row && status === 'succeeded' && makeCurrent) {
        await tx.query(
          `UPDATE apps SET current_release_id = ?, released_at = ?, updated_at = ?
           WHERE id = ? AND (current_release_id IS NULL
             OR (SELECT version FROM releases WHERE id = apps.current_release_id) < ?)`,
          [releaseId, at, at, row.app_id, row.version],
        )
      }
      const release = await this.byId(tx, releaseId)
      if (!release) throw notFound('release')
      return release
    })
  }

  async get(appId: string, ref: ReleaseRef): Promise<Release | null> {
    const [column, value] = ref.kind === 'id' ? ['r.id', ref.id] : ['r.version', ref.version]
    const [row] = await this.db.query(`${RELEASE_SELECT} WHERE r.app_id = ? AND ${column} = ?`, [appId, value])
    return row ? toRelease(row, this.box) : null
  }

  async list(appId: string, page: ReleasePage): Promise<Release[]> {
    const desc = page.order === 'desc'
    const where = ['r.app_id = ?']
    const params: SqlValue[] = [appId]
    if (page.start !== undefined) {
      where.push(`r.version ${desc ? '<' : '>'}${page.startExclusive ? '' : '='} ?`)
      params.push(page.start)
    }
    if (page.end !== undefined) {
      where.push(`r.version ${desc ? '>=' : '<='} ?`)
      params.push(page.end)
    }
    if (!Number.isSafeInteger(page.max) || page.max < 1) throw new PlatformError('bad_request', 'max must be a positive integer')
    const rows = await this.db.query(
      `${RELEASE_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.version ${desc ? 'DESC' : 'ASC'} LIMIT ${page.max + 1}`,
      params,
    )
    return rows.map((row) => toRelease(row, this.box))
  }

  async listPending(): Promise<Release[]> {
    const rows = await this.db.query(`${RELEASE_SELECT} WHERE r.status = 'pending' ORDER BY r.app_id, r.version`)
    return rows.map((row) => toRelease(row, this.box))
  }

  private async latest(tx: SqlDriver, appId: string): Promise<Release> {
    const [row] = await tx.query(`${RELEASE_SELECT} WHERE r.app_id = ? ORDER BY r.version DESC LIMIT 1`, [appId])
    if (!row) throw new PlatformError('internal_error', 'app has no releases')
    return toRelease(row, this.box)
  }

  private async byId(tx: SqlDriver, id: string): Promise<Release | null> {
    const [row] = await tx.query(`${RELEASE_SELECT} WHERE r.id = ?`, [id])
    return row ? toRelease(row, this.box) : null
  }
}

/** Locks the app's row for the transaction: PostgreSQL's row lock serialises changes per app; SQLite's write lock already does. */
export async function lockApp(tx: SqlDriver, appId: string): Promise<{ last_version: number; current_release_id: string | null }> {
  const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : ''
  const [app] = await tx.query<{ last_version: number; current_release_id: string | null }>(
    `SELECT last_version, current_release_id FROM apps WHERE id = ?${lock}`,
    [appId],
  )
  if (!app) throw notFound('app')
  return app
}
