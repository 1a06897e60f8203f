import { randomUUID } from 'node:crypto'
import type { App } from '../../core/apps/app.js'
import { isUuid } from '../../core/releases/parse-release-ref.js'
import { notFound } from '../../core/errors/platform-error.js'
import type { Collaborator } from '../../core/accounts/collaborator.js'
import type { ReleaseDraft } from '../../core/releases/release.js'
import type { AppPatch, NewApp } from '../store-inputs.js'
import type { DeletedApp } from '../store-results.js'
import type { ReleaseQueries } from './release-queries.js'
import { toApp, toCollaborator } from './rows.js'
import type { SqlDriver } from './sql-driver.js'

const APP_COLUMNS = `apps.*, owner.email AS owner_email`
const APP_FROM = `apps JOIN accounts owner ON owner.id = apps.owner_id`
const COLLABORATOR_COLUMNS = `c.id AS collaborator_id, c.app_id, c.created_at AS collaborator_created_at,
  c.updated_at AS collaborator_updated_at, a.id AS account_id, a.email AS account_email, a.name AS account_name,
  a.is_admin AS account_is_admin, a.created_at AS account_created_at, a.updated_at AS account_updated_at`

/** App and collaborator queries of the SQL store. */
export class AppQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly releases: ReleaseQueries,
    private readonly now: () => Date,
  ) {}

  /** Inserts the app and its initial releases in one transaction; the last release becomes current. */
  async create(input: NewApp, initialReleases: readonly ReleaseDraft[]): Promise<App> {
    const appId = await this.db.transaction(async (tx) => {
      const id = await this.#insert(tx, input)
      let releaseId = ''
      for (const [index, draft] of initialReleases.entries()) {
        releaseId = await this.releases.insert(tx, id, index + 1, draft)
      }
      await tx.query('UPDATE apps SET current_release_id = ?, released_at = ? WHERE id = ?', [releaseId || null, this.now().toISOString(), id])
      return id
    })
    return (await this.find(appId))!
  }

  async #insert(tx: SqlDriver, input: NewApp): Promise<string> {
    const at = this.now().toISOString()
    const id = randomUUID()
    await tx.query(
      `INSERT INTO apps (id, name, owner_id, maintenance, stack, build_stack, region, last_version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      [id, input.name, input.ownerId, false, input.stack, input.stack, input.region, at, at],
    )
    return id
  }

  async find(idOrName: string, db: SqlDriver = this.db): Promise<App | null> {
    const column = isUuid(idOrName) ? 'apps.id' : 'apps.name'
    const [row] = await db.query(`SELECT ${APP_COLUMNS} FROM ${APP_FROM} WHERE ${column} = ?`, [idOrName.toLowerCase()])
    return row ? toApp(row) : null
  }

  async listForAccount(accountId: string): Promise<App[]> {
    const rows = await this.db.query(
      `SELECT ${APP_COLUMNS} FROM ${APP_FROM}
       WHERE apps.owner_id = ? OR apps.id IN (SELECT app_id FROM collaborators WHERE account_id = ?)
       ORDER BY apps.name`,
      [accountId, accountId],
    )
    return rows.map(toApp)
  }

  async listAll(): Promise<App[]> {
    return (await this.db.query(`SELECT ${APP_COLUMNS} FROM ${APP_FROM} ORDER BY apps.name`)).map(toApp)
  }

  async update(appId: string, patch: AppPatch): Promise<App> {
    const sets: string[] = []
    const params: (string | boolean)[] = []
    const columns = { name: 'name', maintenance: 'maintenance', stack: 'stack', buildStack: 'build_stack' } as const
    for (const [key, column] of Object.entries(columns) as [keyof AppPatch, string][]) {
      const value = patch[key]
      if (value === undefined) continue
      sets.push(`${column} = ?`)
      params.push(value)
    }
    sets.push('updated_at = ?')
    params.push(this.now().toISOString())
    const rows = await this.db.query(`UPDATE apps SET ${sets.join(', ')} WHERE id = ? RETURNING id`, [...params, appId])
    if (rows.length === 0) throw notFound('app')
    return (await this.find(appId))!
  }

  async setBuildpacks(appId: string, buildpacks: readonly string[]): Promise<App> {
    await this.db.query('UPDATE apps SET buildpacks = ?, updated_at = ? WHERE id = ?', [JSON.stringify(buildpacks), this.now().toISOString(), appId])
    return (await this.find(appId))!
  }

  async delete(appId: string): Promise<DeletedApp> {
    return this.db.transaction(async (tx) => {
      const ids = async (sql: string) => (await tx.query<{ id: string }>(sql, [appId])).map((row) => String(row.id))
      // A slug other apps' releases run (promoted, ADR 0015) outlives the app that built it: it passes
      // to the app whose release of it is newest, and its archive stays.
      await tx.query(
        `UPDATE slugs SET app_id = (SELECT r.app_id FROM releases r WHERE r.slug_id = slugs.id AND r.app_id <> ? ORDER BY r.created_at DESC LIMIT 1), updated_at = ?
         WHERE app_id = ? AND EXISTS (SELECT 1 FROM releases r WHERE r.slug_id = slugs.id AND r.app_id <> ?)`,
        [appId, this.now().toISOString(), appId, appId],
      )
      const deleted = {
        slugIds: await ids('SELECT id FROM slugs WHERE app_id = ? AND deleted_at IS NULL ORDER BY id'),
        buildIds: await ids('SELECT id FROM builds WHERE app_id = ? ORDER BY id'),
        releaseIds: await ids('SELECT id FROM releases WHERE app_id = ? ORDER BY id'),
      }
      await tx.query(
        `UPDATE addons SET app_id = NULL, attachment_name = NULL, state = 'deprovisioning', updated_at = ? WHERE app_id = ?`,
        [this.now().toISOString(), appId],
      )
      for (const table of ['pipeline_couplings', 'app_webhook_deliveries', 'app_webhook_events', 'app_webhooks', 'log_drains', 'domains', 'formations', 'builds', 'releases', 'slugs', 'collaborators']) {
        await tx.query(`DELETE FROM ${table} WHERE app_id = ?`, [appId])
      }
      await tx.query('DELETE FROM apps WHERE id = ?', [appId])
      return deleted
    })
  }

  async listCollaborators(appId: string): Promise<Collaborator[]> {
    const rows = await this.db.query(
      `SELECT ${COLLABORATOR_COLUMNS}, 'collaborator' AS role FROM collaborators c JOIN accounts a ON a.id = c.account_id
       WHERE c.app_id = ?
       UNION ALL
       SELECT apps.id AS collaborator_id, apps.id AS app_id, apps.created_at AS collaborator_created_at,
         apps.updated_at AS collaborator_updated_at, a.id AS account_id, a.email AS account_email, a.name AS account_name,
         a.is_admin AS account_is_admin, a.created_at AS account_created_at, a.updated_at AS account_updated_at, 'owner' AS role
       FROM apps JOIN accounts a ON a.id = apps.owner_id WHERE apps.id = ?`,
      [appId, appId],
    )
    return rows.map(toCollaborator).sort((a, b) => a.account.email.localeCompare(b.account.email))
  }

  async addCollaborator(appId: string, accountId: string): Promise<Collaborator> {
    const at = this.now().toISOString()
    const id = randomUUID()
    await this.db.query(
      'INSERT INTO collaborators (id, app_id, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      [id, appId, accountId, at, at],
    )
    const all = await this.listCollaborators(appId)
    return all.find((c) => c.id === id)!
  }

  async removeCollaborator(appId: string, accountId: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM collaborators WHERE app_id = ? AND account_id = ? RETURNING id', [appId, accountId])
    return rows.length > 0
  }

  async isCollaborator(appId: string, accountId: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 AS ok FROM collaborators WHERE app_id = ? AND account_id = ?', [appId, accountId])
    return rows.length > 0
  }
}
