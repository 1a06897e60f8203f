import { randomUUID } from 'node:crypto'
import type { Account } from '../../core/accounts/account.js'
import type { App } from '../../core/apps/app.js'
import type { ReleaseRef } from '../../core/releases/parse-release-ref.js'
import type { Release, ReleaseDraft } from '../../core/releases/release.js'
import type { Slug } from '../../core/slugs/slug.js'
import type { SecretBox } from '../secret-box.js'
import type { Addon } from '../../core/addons/addon.js'
import type { ReleaseContext } from '../../core/releases/release.js'
import type { AccountCredentials, AddonFilter, AttachPlanner, BuildPage, DeletedApp, InterruptedBuilds, NewAddon, NewApp, NewBuild, NewSlug, ReleasePage, ReleasePlanner, SlugArchiveOutcome, Store, Token } from '../store.js'
import type { Collaborator } from '../../core/accounts/collaborator.js'
import type { CustomDomain } from '../../core/domains/domain.js'
import type { Formation } from '../../core/formation/formation.js'
import type { LogDrain } from '../../core/logs/log-drain.js'
import type { FormationEntry } from '../../core/formation/plan-formation.js'
import type { Build } from '../../core/builds/build.js'
import type { HeldDomain } from '../../core/domains/custom-domain.js'
import { AccountQueries } from './account-queries.js'
import { AppQueries } from './app-queries.js'
import { ReleaseQueries } from './release-queries.js'
import { BuildQueries } from './build-queries.js'
import { AddonQueries } from './addon-queries.js'
import { toDomain, toDrain, toFormation, toSlug } from './rows.js'
import type { SqlDriver } from './sql-driver.js'

export interface SqlStoreOptions {
  box: SecretBox
  now?: () => Date
}

/** The Store over any SqlDriver; SqliteStore and PostgresStore differ only in driver and DDL. */
export class SqlStore implements Store {
  readonly #db: SqlDriver
  readonly #now: () => Date
  readonly #accounts: AccountQueries
  readonly #apps: AppQueries
  readonly #releases: ReleaseQueries
  readonly #builds: BuildQueries
  readonly #addons: AddonQueries

  constructor(db: SqlDriver, options: SqlStoreOptions) {
    this.#db = db
    // Strictly increasing timestamps, so rows made in the same millisecond still sort in creation order.
    const clock = options.now ?? (() => new Date())
    let last = 0
    this.#now = () => {
      last = Math.max(clock().getTime(), last + 1)
      return new Date(last)
    }
    this.#accounts = new AccountQueries(db, this.#now)
    this.#apps = new AppQueries(db, this.#now)
    this.#releases = new ReleaseQueries(db, options.box, this.#now)
    this.#builds = new BuildQueries(db, this.#now)
    this.#addons = new AddonQueries(db, options.box, this.#releases, this.#now)
  }

  createAccount(input: { email: string; name: string | null; passwordHash: string | null; isAdmin: boolean }): Promise<Account> {
    return this.#accounts.create(input)
  }
  findAccountByEmail(email: string): Promise<AccountCredentials | null> {
    return this.#accounts.findByEmail(email)
  }
  getAccount(id: string): Promise<Account | null> {
    return this.#accounts.get(id)
  }
  countAccounts(): Promise<number> {
    return this.#accounts.count()
  }
  createToken(input: { accountId: string; tokenHash: string; description: string; expiresAt: Date | null }): Promise<Token> {
    return this.#accounts.createToken(input)
  }
  findAccountByTokenHash(tokenHash: string, now: Date): Promise<{ account: Account; token: Token } | null> {
    return this.#accounts.findByTokenHash(tokenHash, now)
  }
  findAccountByTokenId(tokenId: string, now: Date): Promise<{ account: Account; token: Token } | null> {
    return this.#accounts.findByTokenId(tokenId, now)
  }
  deleteToken(accountId: string, tokenId: string): Promise<boolean> {
    return this.#accounts.deleteToken(accountId, tokenId)
  }

  async createApp(input: NewApp, initialReleases: ReleaseDraft[]): Promise<App> {
    const appId = await this.#db.transaction(async (tx) => {
      const id = await this.#apps.insert(tx, input)
      let releaseId = ''
      for (const [index, draft] of initialReleases.entries()) {
        releaseId = await this.#releases.insert(tx, id, index + 1, draft)
      }
      const at = this.#now().toISOString()
      await tx.query('UPDATE apps SET current_release_id = ?, released_at = ? WHERE id = ?', [releaseId || null, at, id])
      return id
    })
    return (await this.#apps.find(appId))!
  }
  findApp(idOrName: string): Promise<App | null> {
    return this.#apps.find(idOrName)
  }
  listAppsForAccount(accountId: string): Promise<App[]> {
    return this.#apps.listForAccount(accountId)
  }
  listAllApps(): Promise<App[]> {
    return this.#apps.listAll()
  }
  updateApp(appId: string, patch: { name?: string; maintenance?: boolean }): Promise<App> {
    return this.#apps.update(appId, patch)
  }
  deleteApp(appId: string): Promise<DeletedApp> {
    return this.#apps.delete(appId)
  }

  listCollaborators(appId: string): Promise<Collaborator[]> {
    return this.#apps.listCollaborators(appId)
  }
  addCollaborator(appId: string, accountId: string): Promise<Collaborator> {
    return this.#apps.addCollaborator(appId, accountId)
  }
  removeCollaborator(appId: string, accountId: string): Promise<boolean> {
    return this.#apps.removeCollaborator(appId, accountId)
  }
  isCollaborator(appId: string, accountId: string): Promise<boolean> {
    return this.#apps.isCollaborator(appId, accountId)
  }

  appendRelease(appId: string, plan: ReleasePlanner): Promise<Release | null> {
    return this.#releases.append(appId, plan)
  }
  finishRelease(releaseId: string, status: 'succeeded' | 'failed', options: { current?: boolean } = {}): Promise<Release> {
    return this.#releases.finish(releaseId, status, options.current ?? true)
  }
  getRelease(appId: string, ref: ReleaseRef): Promise<Release | null> {
    return this.#releases.get(appId, ref)
  }
  listReleases(appId: string, page: ReleasePage): Promise<Release[]> {
    return this.#releases.list(appId, page)
  }
  listPendingReleases(): Promise<Release[]> {
    return this.#releases.listPending()
  }

  async createSlug(input: NewSlug): Promise<Slug> {
    const at = this.#now().toISOString()
    const rows = await this.#db.query(
      `INSERT INTO slugs (id, app_id, process_types, commit_sha, commit_description, buildpack_provided_description,
         stack, checksum, size_bytes, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [
        input.id ?? randomUUID(), input.appId, JSON.stringify(input.processTypes), input.commit, input.commitDescription,
        input.buildpackProvidedDescription, input.stack, input.checksum, input.sizeBytes, at, at,
      ],
    )
    return toSlug(rows[0]!)
  }
  async recordSlugArchive(slugId: string, sizeBytes: number, checksum: string): Promise<SlugArchiveOutcome> {
    // One conditional UPDATE decides, so two uploads racing, or an upload racing a release, cannot both win.
    const recorded = await this.#db.query(
      `UPDATE slugs SET size_bytes = ?, checksum = ?, updated_at = ?
       WHERE id = ? AND deleted_at IS NULL AND size_bytes IS NULL AND (checksum IS NULL OR checksum = ?)
         AND NOT EXISTS (SELECT 1 FROM releases WHERE slug_id = ?)
       RETURNING id`,
      [sizeBytes, checksum, this.#now().toISOString(), slugId, checksum, slugId],
    )
    if (recorded.length > 0) return { kind: 'recorded' }
    const [row] = await this.#db.query(
      'SELECT s.checksum, s.size_bytes, s.deleted_at, (SELECT MIN(version) FROM releases r WHERE r.slug_id = s.id) AS released_version FROM slugs s WHERE s.id = ?',
      [slugId],
    )
    if (!row || row.deleted_at !== null) return { kind: 'missing' }
    if (row.released_version !== null) return { kind: 'released', version: Number(row.released_version) }
    if (row.checksum !== null && row.checksum !== checksum) return { kind: 'mismatch', checksum: String(row.checksum), declared: row.size_bytes === null }
    return { kind: 'unchanged' }
  }
  async getSlug(appId: string, slugId: string): Promise<Slug | null> {
    const [row] = await this.#db.query('SELECT * FROM slugs WHERE app_id = ? AND id = ?', [appId, slugId])
    return row ? toSlug(row) : null
  }

  async expireSlugs(appId: string, keepReleases: number): Promise<string[]> {
    return this.#db.transaction(async (tx) => {
      const at = this.#now().toISOString()
      const doomed = await tx.query<{ id: string }>(
        `SELECT s.id FROM slugs s WHERE s.app_id = ? AND s.deleted_at IS NULL
           AND s.id NOT IN (SELECT r.slug_id FROM releases r JOIN apps a ON a.id = r.app_id
                            WHERE r.app_id = ? AND r.slug_id IS NOT NULL
                              AND (r.id = a.current_release_id OR r.version > a.last_version - ?))
           AND s.id IN (SELECT slug_id FROM releases WHERE app_id = ? AND slug_id IS NOT NULL)`,
        [appId, appId, keepReleases, appId],
      )
      for (const { id } of doomed) {
        await tx.query('UPDATE slugs SET deleted_at = ?, updated_at = ? WHERE id = ?', [at, at, id])
        await tx.query(`UPDATE releases SET status = 'expired', updated_at = ? WHERE app_id = ? AND slug_id = ? AND status = 'succeeded'`, [at, appId, id])
      }
      return doomed.map((row) => String(row.id))
    })
  }

  async setAppBuildpacks(appId: string, buildpacks: string[]): Promise<App> {
    await this.#db.query('UPDATE apps SET buildpacks = ?, updated_at = ? WHERE id = ?', [JSON.stringify(buildpacks), this.#now().toISOString(), appId])
    return (await this.#apps.find(appId))!
  }

  async listDomains(appId: string): Promise<CustomDomain[]> {
    return (await this.#db.query('SELECT * FROM domains WHERE app_id = ? ORDER BY hostname', [appId])).map(toDomain)
  }

  async addDomain(appId: string, hostname: string, check?: (held: readonly HeldDomain[]) => void): Promise<CustomDomain> {
    return this.#db.transaction(async (tx) => {
      if (check) {
        // SQLite's transaction holds the write lock already; PostgreSQL's needs this one.
        if (tx.dialect === 'postgres') await tx.query('LOCK TABLE domains IN SHARE ROW EXCLUSIVE MODE')
        const rows = await tx.query('SELECT d.hostname, d.app_id, a.owner_id FROM domains d JOIN apps a ON a.id = d.app_id WHERE d.app_id <> ?', [appId])
        check(rows.map((row) => ({ hostname: String(row.hostname), appId: String(row.app_id), ownerId: String(row.owner_id) })))
      }
      const at = this.#now().toISOString()
      const rows = await tx.query('INSERT INTO domains (id, app_id, hostname, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING *', [randomUUID(), appId, hostname, at, at])
      return toDomain(rows[0]!)
    })
  }

  async removeDomain(appId: string, hostname: string): Promise<boolean> {
    return (await this.#db.query('DELETE FROM domains WHERE app_id = ? AND hostname = ? RETURNING id', [appId, hostname])).length > 0
  }

  async listDrains(appId?: string): Promise<LogDrain[]> {
    const rows = appId === undefined
      ? await this.#db.query('SELECT * FROM log_drains ORDER BY created_at')
      : await this.#db.query('SELECT * FROM log_drains WHERE app_id = ? ORDER BY created_at', [appId])
    return rows.map(toDrain)
  }

  async addDrain(appId: string, url: string, token: string): Promise<LogDrain> {
    const at = this.#now().toISOString()
    const rows = await this.#db.query('INSERT INTO log_drains (id, app_id, url, token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *', [randomUUID(), appId, url, token, at, at])
    return toDrain(rows[0]!)
  }

  async removeDrain(appId: string, drainId: string): Promise<boolean> {
    return (await this.#db.query('DELETE FROM log_drains WHERE app_id = ? AND id = ? RETURNING id', [appId, drainId])).length > 0
  }

  async listFormation(appId: string): Promise<Formation[]> {
    return (await this.#db.query('SELECT * FROM formations WHERE app_id = ? ORDER BY created_at, type', [appId])).map(toFormation)
  }

  async replaceFormation(appId: string, entries: readonly FormationEntry[]): Promise<Formation[]> {
    await this.#db.transaction(async (tx) => {
      const at = this.#now().toISOString()
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
    return this.listFormation(appId)
  }

  attachAddon(appId: string, input: NewAddon, plan: AttachPlanner): Promise<{ addon: Addon; release: Release }> {
    return this.#addons.attach(appId, input, plan)
  }
  detachAddon(addonId: string, plan: (ctx: ReleaseContext, addon: Addon & { attachmentName: string }) => ReleaseDraft): Promise<{ addon: Addon; release: Release }> {
    return this.#addons.detach(addonId, plan)
  }
  findAddon(ref: string): Promise<Addon | null> {
    return this.#addons.find(ref)
  }
  listAddons(filter: AddonFilter): Promise<Addon[]> {
    return this.#addons.list(filter)
  }
  deleteAddon(addonId: string): Promise<boolean> {
    return this.#addons.delete(addonId)
  }

  createBuild(input: NewBuild): Promise<Build> {
    return this.#builds.create(input)
  }
  setBuildSlug(buildId: string, slugId: string): Promise<void> {
    return this.#builds.setSlug(buildId, slugId)
  }
  failInterruptedBuilds(before: Date): Promise<InterruptedBuilds> {
    return this.#builds.failInterrupted(before)
  }
  finishBuild(buildId: string, result: { status: 'succeeded' | 'failed'; slugId?: string; releaseId?: string }): Promise<Build> {
    return this.#builds.finish(buildId, result)
  }
  getBuild(appId: string, buildId: string): Promise<Build | null> {
    return this.#builds.get(appId, buildId)
  }
  listBuilds(appId: string, page: BuildPage): Promise<Build[]> {
    return this.#builds.list(appId, page)
  }

  close(): Promise<void> {
    return this.#db.close()
  }
}
