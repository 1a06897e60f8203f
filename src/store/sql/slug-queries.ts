import { randomUUID } from 'node:crypto'
import type { Slug } from '../../core/slugs/slug.js'
import type { NewSlug } from '../store-inputs.js'
import type { SlugArchiveOutcome } from '../store-results.js'
import { toSlug } from './rows.js'
import type { SqlDriver } from './sql-driver.js'

/** Slug records of the SQL store: metadata, the write-once archive record, and retention. */
export class SlugQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date,
  ) {}

  async create(input: NewSlug): Promise<Slug> {
    const at = this.now().toISOString()
    const rows = await this.db.query(
      `INSERT INTO slugs (id, app_id, process_types, commit_sha, commit_description, buildpack_provided_description,
         stack, checksum, size_bytes, runtimes, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [
        input.id ?? randomUUID(), input.appId, JSON.stringify(input.processTypes), input.commit, input.commitDescription,
        input.buildpackProvidedDescription, input.stack, input.checksum, input.sizeBytes, JSON.stringify(input.runtimes ?? []), at, at,
      ],
    )
    return toSlug(rows[0]!)
  }

  async recordArchive(slugId: string, sizeBytes: number, checksum: string): Promise<SlugArchiveOutcome> {
    // One conditional UPDATE decides, so two uploads racing, or an upload racing a release, cannot both win.
    const recorded = await this.db.query(
      `UPDATE slugs SET size_bytes = ?, checksum = ?, updated_at = ?
       WHERE id = ? AND deleted_at IS NULL AND size_bytes IS NULL AND (checksum IS NULL OR checksum = ?)
         AND NOT EXISTS (SELECT 1 FROM releases WHERE slug_id = ?)
       RETURNING id`,
      [sizeBytes, checksum, this.now().toISOString(), slugId, checksum, slugId],
    )
    if (recorded.length > 0) return { kind: 'recorded' }
    const [row] = await this.db.query(
      'SELECT s.checksum, s.size_bytes, s.deleted_at, (SELECT MIN(version) FROM releases r WHERE r.slug_id = s.id) AS released_version FROM slugs s WHERE s.id = ?',
      [slugId],
    )
    if (!row || row.deleted_at !== null) return { kind: 'missing' }
    if (row.released_version !== null) return { kind: 'released', version: Number(row.released_version) }
    if (row.checksum !== null && row.checksum !== checksum) return { kind: 'mismatch', checksum: String(row.checksum), declared: row.size_bytes === null }
    return { kind: 'unchanged' }
  }

  /** The app's own slug, or one built elsewhere that a release of the app runs (a promotion). */
  async get(appId: string, slugId: string): Promise<Slug | null> {
    const [row] = await this.db.query(
      `SELECT * FROM slugs s WHERE s.id = ?
         AND (s.app_id = ? OR EXISTS (SELECT 1 FROM releases r WHERE r.slug_id = s.id AND r.app_id = ?))`,
      [slugId, appId, appId],
    )
    return row ? toSlug(row) : null
  }

  async find(slugId: string): Promise<Slug | null> {
    const [row] = await this.db.query('SELECT * FROM slugs WHERE id = ?', [slugId])
    return row ? toSlug(row) : null
  }

  async expire(appId: string, keepReleases: number): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const at = this.now().toISOString()
      // A slug is shared by reference (ADR 0015): it stays while any app's current release or any
      // app's newest releases run it, whichever app built it.
      const doomed = await tx.query<{ id: string }>(
        `SELECT s.id FROM slugs s WHERE s.app_id = ? AND s.deleted_at IS NULL
           AND EXISTS (SELECT 1 FROM releases r0 WHERE r0.slug_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM releases r JOIN apps a ON a.id = r.app_id
                           WHERE r.slug_id = s.id AND (r.id = a.current_release_id OR r.version > a.last_version - ?))`,
        [appId, keepReleases],
      )
      for (const { id } of doomed) {
        await tx.query('UPDATE slugs SET deleted_at = ?, updated_at = ? WHERE id = ?', [at, at, id])
        await tx.query(`UPDATE releases SET status = 'expired', updated_at = ? WHERE slug_id = ? AND status = 'succeeded'`, [at, id])
      }
      return doomed.map((row) => String(row.id))
    })
  }
}
