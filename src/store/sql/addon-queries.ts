import { randomUUID } from 'node:crypto'
import type { Addon } from '../../core/addons/addon.js'
import { notFound } from '../../core/errors/platform-error.js'
import { isUuid } from '../../core/releases/parse-release-ref.js'
import type { Release } from '../../core/releases/release.js'
import type { SecretBox } from '../secret-box.js'
import type { AddonFilter, NewAddon } from '../store-inputs.js'
import type { AttachPlanner, DetachPlanner } from '../store-planners.js'
import { lockApp, type ReleaseQueries } from './release-queries.js'
import { toAddon } from './rows.js'
import type { SqlDriver, SqlValue } from './sql-driver.js'

const ADDON_SELECT = 'SELECT addons.*, apps.name AS app_name FROM addons LEFT JOIN apps ON apps.id = addons.app_id'

/** Add-on queries of the SQL store: each attach and detach commits with its release. */
export class AddonQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly box: SecretBox,
    private readonly releases: ReleaseQueries,
    private readonly now: () => Date,
  ) {}

  async attach(appId: string, input: NewAddon, plan: AttachPlanner): Promise<{ addon: Addon; release: Release }> {
    return this.db.transaction(async (tx) => {
      await lockApp(tx, appId)
      const taken = await tx.query<{ attachment_name: string }>('SELECT attachment_name FROM addons WHERE app_id = ? AND attachment_name IS NOT NULL', [appId])
      let attachmentName = ''
      const release = (await this.releases.appendIn(tx, appId, (ctx) => {
        const planned = plan(ctx, taken.map((row) => String(row.attachment_name)))
        attachmentName = planned.attachmentName
        return planned.draft
      }))!
      const at = this.now().toISOString()
      const id = input.id ?? randomUUID()
      await tx.query(
        `INSERT INTO addons (id, name, app_id, service, plan, state, provider_id, config, attachment_id, attachment_name, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'provisioned', ?, ?, ?, ?, ?, ?)`,
        [id, input.name, appId, input.service, input.plan, input.providerId, this.box.sealJson(input.config), randomUUID(), attachmentName, at, at],
      )
      return { addon: (await this.byId(tx, id))!, release }
    })
  }

  async detach(addonId: string, plan: DetachPlanner): Promise<{ addon: Addon; release: Release }> {
    return this.db.transaction(async (tx) => {
      const before = await this.byId(tx, addonId)
      if (!before || before.appId === null) throw notFound('add_on', 'add-on')
      await lockApp(tx, before.appId)
      // Read again under the lock: a concurrent detach may have won.
      const addon = await this.byId(tx, addonId)
      if (!addon || addon.attachmentName === null || addon.appId === null) throw notFound('add_on', 'add-on')
      const attached = { ...addon, attachmentName: addon.attachmentName }
      const release = (await this.releases.appendIn(tx, addon.appId, (ctx) => plan(ctx, attached)))!
      await tx.query(
        `UPDATE addons SET state = 'deprovisioning', attachment_name = NULL, updated_at = ? WHERE id = ?`,
        [this.now().toISOString(), addonId],
      )
      return { addon: (await this.byId(tx, addonId))!, release }
    })
  }

  async find(ref: string): Promise<Addon | null> {
    const [row] = await this.db.query(`${ADDON_SELECT} WHERE addons.${isUuid(ref) ? 'id' : 'name'} = ?`, [ref])
    return row ? toAddon(row, this.box) : null
  }

  async list(filter: AddonFilter): Promise<Addon[]> {
    const where: string[] = []
    const params: SqlValue[] = []
    if (filter.appId !== undefined) {
      where.push('addons.app_id = ?')
      params.push(filter.appId)
    }
    if (filter.memberId !== undefined) {
      where.push('(apps.owner_id = ? OR apps.id IN (SELECT app_id FROM collaborators WHERE account_id = ?))')
      params.push(filter.memberId, filter.memberId)
    }
    if (filter.state !== undefined) {
      where.push('addons.state = ?')
      params.push(filter.state)
    }
    const rows = await this.db.query(`${ADDON_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY addons.created_at, addons.name`, params)
    return rows.map((row) => toAddon(row, this.box))
  }

  async delete(addonId: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM addons WHERE id = ? AND state = 'deprovisioning' RETURNING id`, [addonId])).length > 0
  }

  private async byId(tx: SqlDriver, id: string): Promise<Addon | null> {
    const [row] = await tx.query(`${ADDON_SELECT} WHERE addons.id = ?`, [id])
    return row ? toAddon(row, this.box) : null
  }
}
