import { randomUUID } from 'node:crypto'
import type { Pipeline, PipelineCoupling, PipelinePromotion, PromotionTargetStatus } from '../../core/pipelines/pipeline.js'
import type { PipelineStage } from '../../core/pipelines/pipeline-stage.js'
import type { NewPromotion } from '../store-inputs.js'
import { toCoupling, toPipeline, toPromotion, toPromotionTarget } from './pipeline-rows.js'
import type { SqlDriver } from './sql-driver.js'

const COUPLINGS = `SELECT c.*, p.name AS pipeline_name, a.name AS app_name
  FROM pipeline_couplings c JOIN pipelines p ON p.id = c.pipeline_id JOIN apps a ON a.id = c.app_id`

// Apps an account owns or collaborates on.
const MEMBER_APPS = `SELECT id FROM apps WHERE owner_id = ? UNION SELECT app_id FROM collaborators WHERE account_id = ?`

/** Pipelines, their couplings and promotions in the SQL store. */
export class PipelineQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date,
  ) {}

  async create(input: { name: string; ownerId: string }): Promise<Pipeline> {
    const at = this.now().toISOString()
    const rows = await this.db.query('INSERT INTO pipelines (id, name, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING *', [randomUUID(), input.name, input.ownerId, at, at])
    return toPipeline(rows[0]!)
  }

  async find(idOrName: string): Promise<Pipeline | null> {
    const [row] = await this.db.query('SELECT * FROM pipelines WHERE id = ? OR name = ?', [idOrName, idOrName])
    return row ? toPipeline(row) : null
  }

  /** Every pipeline (null), or those the account owns or has an app in, by name. */
  async list(accountId: string | null): Promise<Pipeline[]> {
    const rows = accountId === null
      ? await this.db.query('SELECT * FROM pipelines ORDER BY name')
      : await this.db.query(
        `SELECT * FROM pipelines WHERE owner_id = ?
           OR id IN (SELECT pipeline_id FROM pipeline_couplings WHERE app_id IN (${MEMBER_APPS})) ORDER BY name`,
        [accountId, accountId, accountId],
      )
    return rows.map(toPipeline)
  }

  async rename(id: string, name: string): Promise<Pipeline | null> {
    const [row] = await this.db.query('UPDATE pipelines SET name = ?, updated_at = ? WHERE id = ? RETURNING *', [name, this.now().toISOString(), id])
    return row ? toPipeline(row) : null
  }

  /** Removes the pipeline with its couplings and promotions; its apps stay. */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const promotions = 'SELECT id FROM pipeline_promotions WHERE pipeline_id = ?'
      await tx.query(`DELETE FROM pipeline_promotion_targets WHERE promotion_id IN (${promotions})`, [id])
      await tx.query('DELETE FROM pipeline_promotions WHERE pipeline_id = ?', [id])
      await tx.query('DELETE FROM pipeline_couplings WHERE pipeline_id = ?', [id])
      return (await tx.query('DELETE FROM pipelines WHERE id = ? RETURNING id', [id])).length > 0
    })
  }

  /** `conflict` when the app is in a pipeline already. */
  async couple(input: { pipelineId: string; appId: string; stage: PipelineStage }): Promise<PipelineCoupling> {
    const at = this.now().toISOString()
    const id = randomUUID()
    await this.db.query('INSERT INTO pipeline_couplings (id, pipeline_id, app_id, stage, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [id, input.pipelineId, input.appId, input.stage, at, at])
    return (await this.coupling(id))!
  }

  async coupling(id: string): Promise<PipelineCoupling | null> {
    const [row] = await this.db.query(`${COUPLINGS} WHERE c.id = ?`, [id])
    return row ? toCoupling(row) : null
  }

  async couplingOfApp(appId: string): Promise<PipelineCoupling | null> {
    const [row] = await this.db.query(`${COUPLINGS} WHERE c.app_id = ?`, [appId])
    return row ? toCoupling(row) : null
  }

  /** One pipeline's couplings, or those of the apps an account owns or collaborates on (every app's for null). */
  async couplings(filter: { pipelineId: string } | { accountId: string | null }): Promise<PipelineCoupling[]> {
    const order = ' ORDER BY c.created_at'
    if ('pipelineId' in filter) return (await this.db.query(`${COUPLINGS} WHERE c.pipeline_id = ?${order}`, [filter.pipelineId])).map(toCoupling)
    if (filter.accountId === null) return (await this.db.query(COUPLINGS + order)).map(toCoupling)
    return (await this.db.query(`${COUPLINGS} WHERE c.app_id IN (${MEMBER_APPS})${order}`, [filter.accountId, filter.accountId])).map(toCoupling)
  }

  async restage(id: string, stage: PipelineStage): Promise<PipelineCoupling | null> {
    const updated = await this.db.query('UPDATE pipeline_couplings SET stage = ?, updated_at = ? WHERE id = ? RETURNING id', [stage, this.now().toISOString(), id])
    return updated.length > 0 ? this.coupling(id) : null
  }

  async uncouple(id: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM pipeline_couplings WHERE id = ? RETURNING id', [id])).length > 0
  }

  /** The promotion and one pending target per app, in one transaction. */
  async createPromotion(input: NewPromotion): Promise<PipelinePromotion> {
    const id = randomUUID()
    await this.db.transaction(async (tx) => {
      const at = this.now().toISOString()
      await tx.query(
        `INSERT INTO pipeline_promotions (id, pipeline_id, source_app_id, source_release_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
        [id, input.pipelineId, input.sourceAppId, input.sourceReleaseId, at, at],
      )
      for (const [position, appId] of input.targetAppIds.entries()) {
        await tx.query(`INSERT INTO pipeline_promotion_targets (id, promotion_id, app_id, release_id, status, error_message, position) VALUES (?, ?, ?, NULL, 'pending', NULL, ?)`, [randomUUID(), id, appId, position])
      }
    })
    return (await this.promotion(id))!
  }

  async promotion(id: string): Promise<PipelinePromotion | null> {
    const [row] = await this.db.query('SELECT * FROM pipeline_promotions WHERE id = ?', [id])
    if (!row) return null
    const targets = await this.db.query('SELECT * FROM pipeline_promotion_targets WHERE promotion_id = ? ORDER BY position', [id])
    return toPromotion(row, targets.map(toPromotionTarget))
  }

  async setTargetRelease(targetId: string, releaseId: string): Promise<void> {
    await this.db.query('UPDATE pipeline_promotion_targets SET release_id = ? WHERE id = ?', [releaseId, targetId])
  }

  /** Settles a pending target; the promotion is `completed` once none is pending. */
  async settleTarget(targetId: string, status: Exclude<PromotionTargetStatus, 'pending'>, errorMessage: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [target] = await tx.query<{ promotion_id: string }>(
        `UPDATE pipeline_promotion_targets SET status = ?, error_message = ? WHERE id = ? AND status = 'pending' RETURNING promotion_id`,
        [status, errorMessage, targetId],
      )
      if (!target) return
      await tx.query(
        `UPDATE pipeline_promotions SET status = 'completed', updated_at = ? WHERE id = ?
           AND NOT EXISTS (SELECT 1 FROM pipeline_promotion_targets WHERE promotion_id = ? AND status = 'pending')`,
        [this.now().toISOString(), target.promotion_id, target.promotion_id],
      )
    })
  }
}
