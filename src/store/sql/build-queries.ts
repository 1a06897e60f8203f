import { randomUUID } from 'node:crypto'
import type { Build } from '../../core/builds/build.js'
import { notFound } from '../../core/errors/platform-error.js'
import type { BuildPage, NewBuild } from '../store-inputs.js'
import type { InterruptedBuilds } from '../store-results.js'
import { toBuild } from './rows.js'
import type { SqlDriver } from './sql-driver.js'

/** Build records of the SQL store. */
export class BuildQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date,
  ) {}

  async create(input: NewBuild): Promise<Build> {
    const at = this.now().toISOString()
    const rows = await this.db.query(
      `INSERT INTO builds (id, app_id, status, source_version, source_description, source_url, buildpacks, stack, actor_id, actor_email, created_at, updated_at)
       VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [randomUUID(), input.appId, input.sourceVersion, input.sourceDescription, input.sourceUrl, JSON.stringify(input.buildpacks), input.stack,
        input.actor.id, input.actor.email, at, at],
    )
    return toBuild(rows[0]!)
  }

  async finish(buildId: string, result: { status: 'succeeded' | 'failed'; slugId?: string; releaseId?: string }): Promise<Build> {
    const rows = await this.db.query(
      `UPDATE builds SET status = ?, slug_id = ?, release_id = ?, updated_at = ? WHERE id = ? RETURNING *`,
      [result.status, result.slugId ?? null, result.releaseId ?? null, this.now().toISOString(), buildId],
    )
    if (!rows[0]) throw notFound('build')
    return toBuild(rows[0])
  }

  async setSlug(buildId: string, slugId: string): Promise<void> {
    await this.db.query('UPDATE builds SET slug_id = ?, updated_at = ? WHERE id = ?', [slugId, this.now().toISOString(), buildId])
  }

  // A build that was pending when its server stopped failed; so did the release it had appended, which
  // never went live (the push that made it was refused, as the hook heard no success).
  async failInterrupted(before: Date): Promise<InterruptedBuilds> {
    return this.db.transaction(async (tx) => {
      const at = this.now().toISOString()
      const rows = await tx.query(
        `UPDATE builds SET status = 'failed', updated_at = ? WHERE status = 'pending' AND created_at < ? RETURNING *`,
        [at, before.toISOString()],
      )
      const builds = rows.map(toBuild).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      const releaseIds: string[] = []
      for (const build of builds) {
        if (build.slugId === null) continue
        const released = await tx.query<{ id: string }>(
          `UPDATE releases SET status = 'failed', updated_at = ? WHERE app_id = ? AND slug_id = ? AND status = 'pending' RETURNING id`,
          [at, build.appId, build.slugId],
        )
        releaseIds.push(...released.map((r) => String(r.id)))
      }
      return { builds, releaseIds }
    })
  }

  async get(appId: string, buildId: string): Promise<Build | null> {
    const [row] = await this.db.query('SELECT * FROM builds WHERE app_id = ? AND id = ?', [appId, buildId])
    return row ? toBuild(row) : null
  }

  async list(appId: string, page: BuildPage): Promise<Build[]> {
    const order = page.order === 'desc' ? 'DESC' : 'ASC'
    const rows = await this.db.query(`SELECT * FROM builds WHERE app_id = ? ORDER BY created_at ${order}, id ${order} LIMIT ${page.max + 1}`, [appId])
    return rows.map(toBuild)
  }
}
