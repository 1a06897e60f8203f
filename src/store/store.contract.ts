import assert from 'node:assert/strict'
import { describe, it, before, after } from 'node:test'
import { PlatformError } from '../core/errors/platform-error.js'
import { DEFAULT_AUTO_ROLLBACK } from '../core/health/auto-rollback-settings.js'
import { countRequest, emptyCounts } from '../core/health/release-counts.js'
import { planInitialReleases } from '../core/releases/plan-initial-releases.js'
import { planConfigRelease } from '../core/releases/plan-config-release.js'
import type { Actor } from '../core/accounts/account.js'
import type { Store } from './store.js'
import { planSlugRelease } from '../core/releases/plan-slug-release.js'
import { randomUUID } from 'node:crypto'
import { findAddonService } from '../core/addons/catalog.js'
import { chooseAttachmentName, planAttachRelease, planDetachRelease } from '../core/addons/plan-attachment.js'

export interface StoreHarness {
  store: Store
  /** Every stored value of the database as text, to prove secrets are not kept in the clear. */
  dumpAllText(): Promise<string>
  cleanup(): Promise<void>
}

let counter = 0
const unique = (prefix: string) => `${prefix}${process.pid}-${++counter}`

/** The one suite every Store implementation passes unchanged. */
export function runStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness
    let store: Store
    let actor: Actor
    let ownerId: string

    before(async () => {
      harness = await open()
      store = harness.store
      const owner = await store.createAccount({ email: unique('owner') + '@example.com', name: null, passwordHash: 'x', isAdmin: false })
      ownerId = owner.id
      actor = { id: owner.id, email: owner.email }
    })
    after(async () => harness.cleanup())

    const newApp = () => store.createApp(
      { name: unique('app-').replace(/[^a-z0-9-]/g, ''), ownerId, stack: 'berth-24', region: 'local' },
      planInitialReleases(actor),
    )
    const setConfig = (appId: string, patch: Record<string, string | null>) =>
      store.appendRelease(appId, (ctx) => planConfigRelease(ctx, patch, actor))

    it('refuses a second account with the same email as a conflict', async () => {
      const email = unique('dup') + '@example.com'
      await store.createAccount({ email, name: null, passwordHash: null, isAdmin: false })
      await assert.rejects(
        store.createAccount({ email, name: null, passwordHash: null, isAdmin: false }),
        (error: unknown) => error instanceof PlatformError && error.id === 'conflict',
      )
      assert.equal((await store.findAccountByEmail(email))?.account.email, email)
    })

    it('keeps the runtime-store runtimes a slug runs on, none by default', async () => {
      const app = await newApp()
      const base = { appId: app.id, processTypes: { web: 'x' }, commit: null, commitDescription: null, buildpackProvidedDescription: null, stack: 'heroku-24', checksum: null, sizeBytes: null }
      const withNode = await store.createSlug({ ...base, runtimes: ['node@18.20.8'] })
      assert.deepEqual((await store.getSlug(app.id, withNode.id))?.runtimes, ['node@18.20.8'])
      assert.deepEqual((await store.createSlug(base)).runtimes, [])
    })

    it('keeps a NUL in text or refuses it as invalid_params, never with a driver error', async () => {
      // SQLite stores NUL; PostgreSQL text cannot. The services refuse NUL first; this is the last line.
      const app = await newApp()
      const created = store.createSlug({
        appId: app.id, processTypes: { web: 'x' }, commit: null, commitDescription: 'a\0b',
        buildpackProvidedDescription: null, stack: 'berth-24', checksum: null, sizeBytes: null,
      })
      await created.then(
        (slug) => assert.equal(slug.commitDescription, 'a\0b'),
        (error: unknown) => assert.ok(error instanceof PlatformError && error.id === 'invalid_params', String(error)),
      )
    })

    it('finds an account by token hash until the token expires or is deleted', async () => {
      const now = new Date()
      const lookup = (hash: string, at: Date) => store.findAccountByTokenHash(hash, at)
      const expiredHash = unique('expired')
      await store.createToken({ accountId: ownerId, tokenHash: expiredHash, description: 'old', expiresAt: new Date(now.getTime() - 1) })
      assert.equal(await lookup(expiredHash, now), null)
      const freshHash = unique('fresh')
      const fresh = await store.createToken({ accountId: ownerId, tokenHash: freshHash, description: 'fresh', expiresAt: new Date(now.getTime() + 60_000) })
      assert.equal((await lookup(freshHash, now))?.account.id, ownerId)
      assert.equal(await lookup(freshHash, new Date(now.getTime() + 120_000)), null)
      assert.equal(await store.deleteToken(ownerId, fresh.id), true)
      assert.equal(await lookup(freshHash, now), null)
    })

    it('creates an app with v1 and v2, v2 current, and refuses a taken name', async () => {
      const app = await newApp()
      const releases = await store.listReleases(app.id, { order: 'asc', max: 10 })
      assert.deepEqual(releases.map((r) => [r.version, r.description, r.current, r.status]), [
        [1, 'Initial release', false, 'succeeded'],
        [2, 'Enable Logplex', true, 'succeeded'],
      ])
      assert.equal(app.currentReleaseId, releases[1]?.id)
      await assert.rejects(
        store.createApp({ name: app.name, ownerId, stack: 'berth-24', region: 'local' }, planInitialReleases(actor)),
        (error: unknown) => error instanceof PlatformError && error.id === 'conflict',
      )
      assert.equal((await store.findApp(app.id))?.name, app.name)
      assert.equal((await store.findApp(app.name))?.id, app.id)
    })

    it('appends releases under the next version and writes nothing for a no-op or a failed plan', async () => {
      const app = await newApp()
      const v3 = await setConfig(app.id, { FOO: 'bar' })
      assert.equal(v3?.version, 3)
      assert.deepEqual(v3?.configVars, { FOO: 'bar' })
      assert.equal(await setConfig(app.id, { FOO: 'bar' }), null)
      await assert.rejects(store.appendRelease(app.id, () => { throw new PlatformError('invalid_params', 'no') }))
      const v4 = await setConfig(app.id, { FOO: null })
      assert.equal(v4?.version, 4)
      assert.equal(v4?.description, 'Remove FOO config vars')
    })

    it('moves current only forward when releases finish out of order', async () => {
      const app = await newApp()
      const v3 = (await setConfig(app.id, { A: '1' }))!
      const v4 = (await setConfig(app.id, { B: '2' }))!
      assert.equal((await store.finishRelease(v4.id, 'succeeded')).current, true)
      const late = await store.finishRelease(v3.id, 'succeeded')
      assert.equal(late.current, false)
      assert.equal(late.status, 'succeeded')
      const superseded = (await setConfig(app.id, { S: '1' }))!
      assert.equal((await store.finishRelease(superseded.id, 'succeeded', { current: false })).current, false)
      const v5 = (await setConfig(app.id, { C: '3' }))!
      const failed = await store.finishRelease(v5.id, 'failed')
      assert.equal(failed.current, false)
      assert.equal((await store.findApp(app.id))?.currentReleaseId, v4.id)
    })

    it('pages releases in both orders with inclusive and exclusive starts', async () => {
      const app = await newApp()
      for (let i = 0; i < 5; i++) await setConfig(app.id, { [`K${i}`]: 'v' })
      const versions = async (page: Parameters<Store['listReleases']>[1]) => (await store.listReleases(app.id, page)).map((r) => r.version)
      assert.deepEqual(await versions({ order: 'desc', max: 3 }), [7, 6, 5, 4])
      assert.deepEqual(await versions({ order: 'desc', max: 3, start: 4, startExclusive: true }), [3, 2, 1])
      assert.deepEqual(await versions({ order: 'asc', max: 2, start: 2 }), [2, 3, 4])
      assert.deepEqual(await versions({ order: 'asc', max: 10, start: 3, end: 5 }), [3, 4, 5])
      assert.equal((await store.getRelease(app.id, { kind: 'version', version: 5 }))?.description, 'Set K2 config vars')
      assert.equal(await store.getRelease(app.id, { kind: 'version', version: 99 }), null)
      assert.equal((await store.listPendingReleases()).filter((r) => r.appId === app.id).length, 5)
    })

    it('keeps config var values encrypted at rest', async () => {
      const app = await newApp()
      const secret = `s3cret-${unique('v')}`
      await setConfig(app.id, { SECRET: secret })
      assert.equal((await store.getRelease(app.id, { kind: 'version', version: 3 }))?.configVars.SECRET, secret)
      const dump = await harness.dumpAllText()
      assert.ok(dump.includes(app.name), 'the dump should contain the stored rows')
      assert.ok(!dump.includes(secret), 'a config var value was stored in the clear')
    })

    // The checks for secrets below prove nothing about a table the dump leaves out.
    it("dumps a row of every table it writes, so no table escapes the checks for secrets", async () => {
      const app = await newApp()
      const mark = unique('mark')
      const member = await store.createAccount({ email: `${mark}-member@example.com`, name: null, passwordHash: null, isAdmin: false })
      const collaborator = await store.addCollaborator(app.id, member.id)
      await store.createToken({ accountId: member.id, tokenHash: `${mark}-token-hash`, description: 'dump', expiresAt: null })
      const slug = await store.createSlug({
        appId: app.id, processTypes: { web: 'x' }, commit: `${mark}-commit`, commitDescription: null,
        buildpackProvidedDescription: null, stack: 'berth-24', checksum: null, sizeBytes: null,
      })
      await setConfig(app.id, { [`${mark.toUpperCase().replace(/-/g, '_')}_KEY`]: 'v' })
      await store.createBuild({ appId: app.id, sourceVersion: `${mark}-build`, sourceDescription: null, sourceUrl: null, buildpacks: [], stack: 'berth-24', actor })
      await store.replaceFormation(app.id, [{ type: 'web', quantity: 1, size: 'Basic', command: `${mark}-command` }])
      await store.addDomain(app.id, `${mark}.example.com`)
      await store.addDrain(app.id, 'syslog://logs.example.com:514', `d.${mark}-drain`)
      const addonName = `${mark}-addon`.replace(/[^a-z0-9-]/g, '')
      await store.attachAddon(app.id, { name: addonName, service: 'berth-postgresql', plan: 'dev', providerId: `${mark}-provider`, config: { URL: 'postgres://u:p@h/d' } }, (ctx, taken) => {
        const attachmentName = chooseAttachmentName(findAddonService('berth-postgresql')!, undefined, taken, app.name)
        return { attachmentName, draft: planAttachRelease(ctx, { addonName, attachmentName, service: 'berth-postgresql', plan: 'dev', config: { URL: 'postgres://u:p@h/d' } }, actor, app.name) }
      })
      const dump = await harness.dumpAllText()
      const expected: Record<string, string> = {
        accounts: member.email, tokens: `${mark}-token-hash`, apps: app.name, collaborators: collaborator.id, slugs: slug.commit!,
        releases: `${mark.toUpperCase().replace(/-/g, '_')}_KEY`, builds: `${mark}-build`, formations: `${mark}-command`,
        domains: `${mark}.example.com`, log_drains: `d.${mark}-drain`, addons: `${mark}-provider`,
      }
      assert.deepEqual(Object.entries(expected).filter(([, value]) => !dump.includes(value)).map(([table]) => table), [], 'tables missing from the dump')
    })

    it('keeps no secret in the clear: config var values, add-on config, drain URLs and what they carry', async () => {
      const app = await newApp()
      const secret = (what: string) => `${what}-${randomUUID()}`
      const configValue = secret('config')
      const addonPassword = secret('addonpw')
      const drainPassword = secret('drainpw')
      const drainToken = secret('draintoken')
      await setConfig(app.id, { SECRET: configValue })
      const addonName = unique('postgresql-s-').replace(/[^a-z0-9-]/g, '')
      const config = { URL: `postgres://u:${addonPassword}@h/d` }
      await store.attachAddon(app.id, { name: addonName, service: 'berth-postgresql', plan: 'dev', providerId: `d_${addonName}`, config }, (ctx, taken) => {
        const attachmentName = chooseAttachmentName(findAddonService('berth-postgresql')!, undefined, taken, app.name)
        return { attachmentName, draft: planAttachRelease(ctx, { addonName, attachmentName, service: 'berth-postgresql', plan: 'dev', config }, actor, app.name) }
      })
      const drainUrl = `https://user:${drainPassword}@logs.example.com/ingest?token=${drainToken}`
      const drain = await store.addDrain(app.id, drainUrl, `d.${randomUUID()}`)
      assert.equal(drain.url, drainUrl)
      assert.deepEqual((await store.listDrains(app.id)).map((d) => d.url), [drainUrl])
      assert.equal((await store.findAddon(addonName))?.config.URL, config.URL)
      const dump = await harness.dumpAllText()
      assert.ok(dump.includes(drain.token) && dump.includes(addonName), 'the dump should contain the drain and add-on rows')
      const clear = Object.entries({ configValue, addonPassword, drainPassword, drainToken }).filter(([, value]) => dump.includes(value)).map(([name]) => name)
      assert.deepEqual(clear, [], 'secrets stored in the clear')
    })

    it('gives 200 concurrent config changes contiguous versions and keeps every key', async () => {
      const app = await newApp()
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => setConfig(app.id, { [`KEY_${i}`]: String(i) })))
      const versions = results.map((r) => r!.version).sort((a, b) => a - b)
      assert.deepEqual(versions, Array.from({ length: 200 }, (_, i) => i + 3))
      const [latest] = await store.listReleases(app.id, { order: 'desc', max: 1 })
      assert.equal(Object.keys(latest!.configVars).length, 200)
    })

    it('lists collaborators with the owner and the apps an account can reach', async () => {
      const app = await newApp()
      const friend = await store.createAccount({ email: unique('friend') + '@example.com', name: null, passwordHash: null, isAdmin: false })
      assert.equal(await store.isCollaborator(app.id, friend.id), false)
      await store.addCollaborator(app.id, friend.id)
      await assert.rejects(store.addCollaborator(app.id, friend.id), (e: unknown) => e instanceof PlatformError && e.id === 'conflict')
      const roles = (await store.listCollaborators(app.id)).map((c) => [c.account.id, c.role])
      assert.deepEqual(new Map(roles as [string, string][]), new Map([[ownerId, 'owner'], [friend.id, 'collaborator']]))
      assert.ok((await store.listAppsForAccount(friend.id)).some((a) => a.id === app.id))
      assert.equal(await store.removeCollaborator(app.id, friend.id), true)
      assert.ok(!(await store.listAppsForAccount(friend.id)).some((a) => a.id === app.id))
    })

    it('records builds and pages them by creation time', async () => {
      const app = await newApp()
      const first = await store.createBuild({ appId: app.id, sourceVersion: 'aaa', sourceDescription: null, sourceUrl: null, buildpacks: [], stack: 'berth-24', actor })
      assert.equal(first.status, 'pending')
      const second = await store.createBuild({ appId: app.id, sourceVersion: 'bbb', sourceDescription: 'msg', sourceUrl: null, buildpacks: ['heroku/nodejs'], stack: 'heroku-22', actor })
      const done = await store.finishBuild(second.id, { status: 'succeeded', slugId: 's1', releaseId: 'r1' })
      assert.deepEqual([done.status, done.slugId, done.releaseId, done.buildpacks, done.stack], ['succeeded', 's1', 'r1', ['heroku/nodejs'], 'heroku-22'])
      assert.equal((await store.getBuild(app.id, first.id))?.stack, 'berth-24')
      assert.equal((await store.getBuild(app.id, first.id))?.sourceVersion, 'aaa')
      const newest = await store.listBuilds(app.id, { order: 'desc', max: 1 })
      assert.deepEqual(newest.map((b) => b.id), [second.id, first.id], 'max + 1 rows, newest first')
    })

    it('fails builds left pending before a time, with the pending release of the slug each made', async () => {
      const app = await newApp()
      const newBuild = (sourceVersion: string) => store.createBuild({ appId: app.id, sourceVersion, sourceDescription: null, sourceUrl: null, buildpacks: [], stack: 'berth-24', actor })
      const newSlug = () => store.createSlug({ appId: app.id, processTypes: { web: 'x' }, commit: null, commitDescription: null, buildpackProvidedDescription: null, stack: 'berth-24', checksum: null, sizeBytes: 1 })
      const bare = await newBuild('bare')
      const releasing = await newBuild('releasing')
      const slug = await newSlug()
      await store.setBuildSlug(releasing.id, slug.id)
      const pending = (await store.appendRelease(app.id, (ctx) => planSlugRelease(ctx, slug.id, 'Deploy', actor)))!
      const finished = await newBuild('finished')
      await store.finishBuild(finished.id, { status: 'succeeded' })
      // The store's clock only moves forward, so everything made after `finished` is later than this.
      const cut = new Date(finished.createdAt.getTime() + 1)
      const later = await newBuild('later')

      const { builds, releaseIds } = await store.failInterruptedBuilds(cut)
      const mine = builds.filter((b) => b.appId === app.id)
      assert.deepEqual(mine.map((b) => [b.id, b.status]), [[bare.id, 'failed'], [releasing.id, 'failed']])
      assert.deepEqual(releaseIds, [pending.id])
      assert.equal((await store.getRelease(app.id, { kind: 'id', id: pending.id }))?.status, 'failed')
      assert.equal((await store.getRelease(app.id, { kind: 'id', id: pending.id }))?.current, false)
      assert.equal((await store.getBuild(app.id, later.id))?.status, 'pending', 'builds of the running server are left alone')
      assert.equal((await store.getBuild(app.id, finished.id))?.status, 'succeeded')
      assert.deepEqual((await store.failInterruptedBuilds(cut)).builds.filter((b) => b.appId === app.id), [], 'only once')
    })

    it('records a slug archive once, never against the declared checksum, never once released', async () => {
      const app = await newApp()
      const newSlug = (checksum: string | null) => store.createSlug({ appId: app.id, processTypes: { web: 'x' }, commit: null, commitDescription: null, buildpackProvidedDescription: null, stack: 'berth-24', checksum, sizeBytes: null })
      const open = await newSlug(null)
      assert.deepEqual(await store.recordSlugArchive(open.id, 10, 'SHA256:aa'), { kind: 'recorded' })
      assert.deepEqual(await store.recordSlugArchive(open.id, 10, 'SHA256:aa'), { kind: 'unchanged' })
      assert.deepEqual(await store.recordSlugArchive(open.id, 11, 'SHA256:bb'), { kind: 'mismatch', checksum: 'SHA256:aa', declared: false })
      assert.deepEqual([(await store.getSlug(app.id, open.id))?.checksum, (await store.getSlug(app.id, open.id))?.sizeBytes], ['SHA256:aa', 10])

      const declared = await newSlug('SHA256:cc')
      assert.deepEqual(await store.recordSlugArchive(declared.id, 12, 'SHA256:dd'), { kind: 'mismatch', checksum: 'SHA256:cc', declared: true })
      assert.deepEqual(await store.recordSlugArchive(declared.id, 12, 'SHA256:cc'), { kind: 'recorded' })

      const release = (await store.appendRelease(app.id, (ctx) => planSlugRelease(ctx, open.id, 'Deploy', actor)))!
      assert.deepEqual(await store.recordSlugArchive(open.id, 10, 'SHA256:aa'), { kind: 'released', version: release.version })
      const unreleasedButUsed = await newSlug(null)
      await store.appendRelease(app.id, (ctx) => planSlugRelease(ctx, unreleasedButUsed.id, 'Deploy', actor))
      assert.equal((await store.recordSlugArchive(unreleasedButUsed.id, 1, 'SHA256:ee')).kind, 'released', 'a pending release counts')
      assert.deepEqual(await store.recordSlugArchive(randomUUID(), 1, 'SHA256:ff'), { kind: 'missing' })
    })

    it('finds an account by token id until the token expires or is deleted', async () => {
      const now = new Date()
      const token = await store.createToken({ accountId: ownerId, tokenHash: unique('by-id'), description: 'urls', expiresAt: new Date(now.getTime() + 60_000) })
      assert.equal((await store.findAccountByTokenId(token.id, now))?.account.id, ownerId)
      assert.equal((await store.findAccountByTokenId(token.id, now))?.token.id, token.id)
      assert.equal(await store.findAccountByTokenId(token.id, new Date(now.getTime() + 120_000)), null)
      await store.deleteToken(ownerId, token.id)
      assert.equal(await store.findAccountByTokenId(token.id, now), null)
      assert.equal(await store.findAccountByTokenId(randomUUID(), now), null)
    })

    it('keeps buildpacks on the app', async () => {
      const app = await newApp()
      assert.deepEqual(app.buildpacks, [])
      assert.deepEqual((await store.setAppBuildpacks(app.id, ['heroku/nodejs', 'https://example.com/bp.git'])).buildpacks, ['heroku/nodejs', 'https://example.com/bp.git'])
    })

    it('expires slugs outside the retention window, never the current one, and expires their releases', async () => {
      const app = await newApp()
      const slugIds: string[] = []
      for (let i = 0; i < 4; i++) {
        const id = randomUUID()
        const slug = await store.createSlug({ id, appId: app.id, processTypes: { web: 'x' }, commit: `c${i}`, commitDescription: null, buildpackProvidedDescription: null, stack: 'berth-24', checksum: null, sizeBytes: 1 })
        assert.equal(slug.id, id)
        slugIds.push(id)
        const release = await store.appendRelease(app.id, (ctx) => planSlugRelease(ctx, id, `Deploy c${i}`, actor))
        await store.finishRelease(release!.id, 'succeeded')
      }
      // Roll "back" to the first slug so it is current although it is old.
      const rollback = await store.appendRelease(app.id, (ctx) => planSlugRelease(ctx, slugIds[0]!, 'Rollback to v3', actor))
      await store.finishRelease(rollback!.id, 'succeeded')
      // Versions: v3..v6 deploys, v7 current (slug 0). Keep the newest 2 releases: v6 (slug 3), v7 (slug 0).
      const expired = await store.expireSlugs(app.id, 2)
      assert.deepEqual(new Set(expired), new Set([slugIds[1], slugIds[2]]))
      assert.equal((await store.getRelease(app.id, { kind: 'version', version: 4 }))?.status, 'expired')
      assert.equal((await store.getRelease(app.id, { kind: 'version', version: 3 }))?.status, 'succeeded', 'slug 0 is current, so v3 stays')
      assert.ok((await store.getSlug(app.id, slugIds[1]!))?.deletedAt)
      assert.deepEqual(await store.expireSlugs(app.id, 2), [], 'already expired slugs are not returned again')
    })

    it('replaces the formation, keeping ids of types that stay', async () => {
      const app = await newApp()
      assert.deepEqual(await store.listFormation(app.id), [])
      const first = await store.replaceFormation(app.id, [
        { type: 'web', quantity: 1, size: 'Basic', command: 'npm start' },
        { type: 'worker', quantity: 0, size: 'Basic', command: 'node w.js' },
      ])
      const webId = first.find((f) => f.type === 'web')!.id
      const second = await store.replaceFormation(app.id, [{ type: 'web', quantity: 3, size: 'Standard-2X', command: 'node s.js' }])
      assert.deepEqual(second.map((f) => [f.id, f.type, f.quantity, f.size, f.command]), [[webId, 'web', 3, 'Standard-2X', 'node s.js']])
    })

    it('keeps custom domains unique across apps', async () => {
      const app = await newApp()
      const other = await newApp()
      const host = `${app.name}.example.com`
      assert.equal((await store.addDomain(app.id, host)).hostname, host)
      await assert.rejects(store.addDomain(other.id, host), (e: unknown) => e instanceof PlatformError && e.id === 'conflict')
      assert.deepEqual((await store.listDomains(app.id)).map((d) => d.hostname), [host])
      assert.equal(await store.removeDomain(app.id, host), true)
      assert.equal(await store.removeDomain(app.id, host), false)
    })

    it('shows a domain claim every other app\'s domains with its owner, and adds nothing when the claim is refused', async () => {
      const app = await newApp()
      const other = await newApp()
      const host = `www.${other.name}.example.com`
      await store.addDomain(other.id, host)
      await store.addDomain(app.id, `own.${app.name}.example.com`)
      let seen: readonly { hostname: string; appId: string; ownerId: string }[] = []
      const refused = new PlatformError('invalid_params', 'overlaps')
      await assert.rejects(store.addDomain(app.id, `*.${other.name}.example.com`, (held) => { seen = held; throw refused }), (e) => e === refused)
      assert.ok(seen.some((d) => d.hostname === host && d.appId === other.id && d.ownerId === ownerId))
      assert.ok(!seen.some((d) => d.appId === app.id), 'the claiming app\'s own domains are not in the way')
      assert.deepEqual((await store.listDomains(app.id)).map((d) => d.hostname), [`own.${app.name}.example.com`])
      // Two apps claiming overlapping names at once: the second check sees the first insert.
      const zone = `${app.name}.race.example.com`
      const claims = await Promise.allSettled([app, other].map((claimant) =>
        store.addDomain(claimant.id, `${claimant.name}.${zone}`, (held) => {
          if (held.some((d) => d.hostname.endsWith(zone))) throw refused
        })))
      assert.equal(claims.filter((c) => c.status === 'fulfilled').length, 1)
    })

    it('keeps an app\'s certificates with their keys sealed, serves each domain the one it names, and lets go of it with the endpoint', async () => {
      const app = await newApp()
      const other = await newApp()
      const domain = await store.addDomain(app.id, `www.${app.name}.example.com`)
      const keyText = `-----BEGIN PRIVATE KEY-----\nkey-of-${app.name}\n-----END PRIVATE KEY-----\n`
      const cert = (tag: string) => ({
        chain: `-----BEGIN CERTIFICATE-----\n${tag}\n-----END CERTIFICATE-----\n`, key: keyText, domains: [`www.${app.name}.example.com`],
        subject: `/CN=www.${app.name}.example.com`, issuer: '/CN=Test CA', startsAt: new Date('2026-01-01T00:00:00Z'), expiresAt: new Date('2027-01-01T00:00:00Z'), caSigned: true,
      })
      const endpoint = await store.createSniEndpoint(app.id, cert('first'))
      assert.match(endpoint.name, /^[a-z]+-\d{5}$/)
      assert.deepEqual([endpoint.domains, endpoint.caSigned, endpoint.expiresAt.toISOString()], [[`www.${app.name}.example.com`], true, '2027-01-01T00:00:00.000Z'])
      assert.deepEqual((await store.listSniEndpoints(app.id)).map((e) => e.id), [endpoint.id])
      assert.deepEqual(await store.listSniEndpoints(other.id), [])
      assert.ok(!(await harness.dumpAllText()).includes(`key-of-${app.name}`), 'the private key is sealed at rest')
      assert.equal((await store.setDomainSniEndpoint(domain.id, endpoint.id))?.sniEndpointId, endpoint.id)
      const served = (await store.hostCertificates()).filter((c) => c.hostname === domain.hostname)
      assert.deepEqual(served.map((c) => [c.id, c.key, c.chain.includes('first')]), [[endpoint.id, keyText, true]])
      const updated = await store.updateSniEndpoint(endpoint.id, cert('second'))
      assert.equal(updated?.name, endpoint.name)
      const after = (await store.hostCertificates()).find((c) => c.hostname === domain.hostname)!
      assert.ok(after.chain.includes('second') && after.version !== served[0]!.version, 'a new certificate has a new version')
      assert.equal(await store.deleteSniEndpoint(endpoint.id), true)
      assert.equal((await store.listDomains(app.id))[0]!.sniEndpointId, null)
      assert.ok(!(await store.hostCertificates()).some((c) => c.hostname === domain.hostname))
    })

    it('serves the certificate ACM issued only while the app has ACM on, and keeps the reason an order failed', async () => {
      const app = await newApp()
      const domain = await store.addDomain(app.id, `shop.${app.name}.example.com`)
      await store.setAppAcm(app.id, true)
      assert.equal((await store.findApp(app.id))?.acm, true)
      assert.equal((await store.listDomains(app.id))[0]!.acm.status, 'pending')
      const retry = new Date('2026-12-02T10:00:00Z')
      await store.recordAcm(domain.id, { kind: 'failing', reason: 'HTTP-01 challenge not answered', nextAttemptAt: retry }, 2)
      assert.deepEqual((await store.listDomains(app.id))[0]!.acm, { status: 'failing', reason: 'HTTP-01 challenge not answered', expiresAt: null, nextAttemptAt: retry, attempts: 2 })
      await store.recordAcm(domain.id, { kind: 'issued', chain: 'acm-chain', key: `acm-key-${app.name}`, expiresAt: new Date('2027-03-01T00:00:00Z') }, 0)
      assert.deepEqual((await store.hostCertificates()).filter((c) => c.hostname === domain.hostname).map((c) => [c.id, c.chain, c.key]), [[domain.id, 'acm-chain', `acm-key-${app.name}`]])
      assert.ok(!(await harness.dumpAllText()).includes(`acm-key-${app.name}`), 'ACM keys are sealed at rest')
      await store.setAppAcm(app.id, false)
      assert.ok(!(await store.hostCertificates()).some((c) => c.hostname === domain.hostname))
      assert.equal((await store.listDomains(app.id))[0]!.acm.status, null)
    })

    it('keeps ACME state where every node sees it: one account per directory, challenges while they last, orders claimed by one node', async () => {
      const directory = `https://acme.${unique('dir')}.example/directory`
      assert.equal(await store.acmeAccount(directory), null)
      const kept = await store.saveAcmeAccount(directory, { key: 'first-account-key', url: null })
      assert.deepEqual(await store.saveAcmeAccount(directory, { key: 'second-account-key', url: 'https://acme.example/acct/2' }), { key: 'first-account-key', url: 'https://acme.example/acct/2' })
      assert.equal(kept.key, 'first-account-key')
      assert.ok(!(await harness.dumpAllText()).includes('first-account-key'), 'the account key is sealed at rest')
      const token = unique('token')
      await store.putAcmeChallenge(token, `${token}.thumbprint`, 'www.acme.example', new Date(Date.now() + 60_000))
      assert.equal(await store.acmeChallenge(token, 'WWW.acme.example'), `${token}.thumbprint`)
      assert.equal(await store.acmeChallenge(token, 'other.acme.example'), null, 'a token answers only for its own hostname')
      await store.deleteAcmeChallenge(token)
      assert.equal(await store.acmeChallenge(token, 'www.acme.example'), null)
      const expired = unique('expired')
      await store.putAcmeChallenge(expired, 'old', 'www.acme.example', new Date(Date.now() - 1000))
      assert.equal(await store.acmeChallenge(expired, 'www.acme.example'), null)

      const app = await newApp()
      const domain = await store.addDomain(app.id, `www.${app.name}.example.com`)
      const due = async () => (await store.dueAcmDomains(new Date())).filter((d) => d.domain.appId === app.id).map((d) => d.domain.hostname)
      assert.deepEqual(await due(), [], 'nothing is ordered while ACM is off')
      await store.setAppAcm(app.id, true)
      assert.deepEqual(await due(), [domain.hostname])
      assert.equal(await store.claimAcm(domain.id, new Date(Date.now() + 60_000)), true)
      assert.equal(await store.claimAcm(domain.id, new Date(Date.now() + 60_000)), false, 'a second node cannot claim it meanwhile')
      assert.deepEqual(await due(), [])
      await store.recordAcm(domain.id, { kind: 'failing', reason: 'no answer', nextAttemptAt: new Date(Date.now() + 60_000) }, 1)
      assert.deepEqual(await due(), [], 'a failing order waits for its next attempt')
      await store.recordAcm(domain.id, { kind: 'issued', chain: 'c', key: 'k', expiresAt: new Date(Date.now() + 90 * 86_400_000) }, 0)
      assert.deepEqual(await due(), [])
      assert.deepEqual((await store.dueAcmDomains(new Date(Date.now() + 100 * 86_400_000))).filter((d) => d.domain.appId === app.id).map((d) => d.appName), [app.name], 'renewed when expiring before the window')
    })

    it('keeps log drains per app, unique by URL', async () => {
      const app = await newApp()
      const drain = await store.addDrain(app.id, 'syslog://logs.example.com:514', `d.${randomUUID()}`)
      await assert.rejects(store.addDrain(app.id, 'syslog://logs.example.com:514', `d.${randomUUID()}`), (e: unknown) => e instanceof PlatformError && e.id === 'conflict')
      assert.deepEqual((await store.listDrains(app.id)).map((d) => d.url), ['syslog://logs.example.com:514'])
      assert.ok((await store.listDrains()).some((d) => d.id === drain.id))
      assert.equal(await store.removeDrain(app.id, drain.id), true)
      assert.deepEqual(await store.listDrains(app.id), [])
    })

    it('adds release metrics to their minutes, lists them in order, and drops them with the app', async () => {
      const app = await newApp()
      const counted = (requests: number, fiveXx: number) => {
        const counts = emptyCounts()
        for (let i = 0; i < requests; i++) countRequest(counts, i < fiveXx ? 500 : 200, 40, i < fiveXx ? 'H13' : undefined)
        return counts
      }
      await store.addReleaseMetrics([{ appId: app.id, releaseVersion: 3, minute: 100, counts: counted(10, 2) }, { appId: app.id, releaseVersion: 3, minute: 99, counts: counted(5, 0) }])
      await store.addReleaseMetrics([{ appId: app.id, releaseVersion: 3, minute: 100, counts: counted(4, 1) }, { appId: app.id, releaseVersion: 2, minute: 100, counts: counted(7, 0) }])
      const minutes = await store.listReleaseMetrics(app.id, 3)
      assert.deepEqual(minutes.map((m) => [m.minute, m.counts.requests, m.counts.status['5xx'], m.counts.codes.H13 ?? 0]), [[99, 5, 0, 0], [100, 14, 3, 3]])
      assert.equal(minutes[1]!.counts.serviceBins.reduce((a, b) => a + b, 0), 14)
      assert.deepEqual((await store.listReleaseMetrics(app.id, 3, 100)).map((m) => m.minute), [100])
      // A long-lived release has a row per minute: a reader takes only the newest it can use, oldest first still.
      assert.deepEqual((await store.listReleaseMetrics(app.id, 3, 0, 1)).map((m) => m.minute), [100])
      assert.deepEqual((await store.listReleaseMetrics(app.id, 3, 0, 5)).map((m) => m.minute), [99, 100])
      // Minutes before the retention go, for every release.
      assert.ok(await store.expireReleaseMetrics(100) >= 1)
      assert.deepEqual((await store.listReleaseMetrics(app.id, 3)).map((m) => m.minute), [100])
      await store.deleteApp(app.id)
      await store.addReleaseMetrics([{ appId: app.id, releaseVersion: 3, minute: 101, counts: counted(1, 0) }])
      assert.deepEqual(await store.listReleaseMetrics(app.id, 3), [])
    })

    it('adds concurrent flushes of the same minutes without losing any (several servers share one store)', async () => {
      const app = await newApp()
      const one = () => {
        const counts = emptyCounts()
        countRequest(counts, 200, 40)
        return counts
      }
      // Every flush writes the same two minutes; a read-then-write that is not locked loses some.
      await Promise.all(Array.from({ length: 40 }, () => store.addReleaseMetrics([
        { appId: app.id, releaseVersion: 1, minute: 7, counts: one() }, { appId: app.id, releaseVersion: 1, minute: 8, counts: one() },
      ])))
      assert.deepEqual((await store.listReleaseMetrics(app.id, 1)).map((m) => [m.minute, m.counts.requests]), [[7, 40], [8, 40]])
    })

    it('keeps automatic rollback settings per app, off by default', async () => {
      const app = await newApp()
      assert.deepEqual(await store.getAutoRollback(app.id), DEFAULT_AUTO_ROLLBACK)
      const on = { ...DEFAULT_AUTO_ROLLBACK, enabled: true, errorRate: 0.1 }
      await store.setAutoRollback(app.id, on)
      await store.setAutoRollback(app.id, { ...on, windowSeconds: 120 })
      assert.deepEqual(await store.getAutoRollback(app.id), { ...on, windowSeconds: 120 })
      assert.deepEqual(await store.getAutoRollback((await newApp()).id), DEFAULT_AUTO_ROLLBACK)
    })

    it("keeps an app's stack and the next build's stack apart, each changed on its own", async () => {
      const app = await newApp()
      assert.deepEqual([app.stack, app.buildStack], ['berth-24', 'berth-24'])
      const next = await store.updateApp(app.id, { buildStack: 'heroku-24' })
      assert.deepEqual([next.stack, next.buildStack, next.name], ['berth-24', 'heroku-24', app.name])
      const moved = await store.updateApp(app.id, { stack: 'heroku-24' })
      assert.deepEqual([moved.stack, moved.buildStack, moved.maintenance], ['heroku-24', 'heroku-24', false])
    })

    it('renames, toggles maintenance and deletes an app with its releases and slugs', async () => {
      const app = await newApp()
      const slug = await store.createSlug({
        appId: app.id, processTypes: { web: 'npm start' }, commit: 'abc', commitDescription: null,
        buildpackProvidedDescription: 'Node.js', stack: 'berth-24', checksum: null, sizeBytes: 10,
      })
      assert.deepEqual((await store.getSlug(app.id, slug.id))?.processTypes, { web: 'npm start' })
      const renamed = await store.updateApp(app.id, { name: `${app.name}-x`, maintenance: true })
      assert.equal(renamed.maintenance, true)
      assert.equal(renamed.name, `${app.name}-x`)
      const build = await store.createBuild({ appId: app.id, sourceVersion: null, sourceDescription: null, sourceUrl: null, buildpacks: [], stack: 'berth-24', actor })
      const releases = await store.listReleases(app.id, { order: 'asc', max: 10 })
      assert.deepEqual(await store.deleteApp(app.id), { slugIds: [slug.id], buildIds: [build.id], releaseIds: releases.map((r) => r.id).sort() })
      assert.equal(await store.findApp(app.id), null)
      assert.equal(await store.getSlug(app.id, slug.id), null)
      assert.deepEqual(await store.listReleases(app.id, { order: 'asc', max: 5 }), [])
    })

    describe('add-ons', () => {
      const postgres = findAddonService('berth-postgresql')!
      const attach = (appId: string, appName: string, secret = 'pw-secret-value') => {
        const name = unique('postgresql-t-').replace(/[^a-z0-9-]/g, '')
        return store.attachAddon(appId, { name, service: 'berth-postgresql', plan: 'dev', providerId: `d_${name}`, config: { URL: `postgres://u:${secret}@h/d` } }, (ctx, taken) => {
          const attachmentName = chooseAttachmentName(postgres, undefined, taken, appName)
          return { attachmentName, draft: planAttachRelease(ctx, { addonName: name, attachmentName, service: 'berth-postgresql', plan: 'dev', config: { URL: `postgres://u:${secret}@h/d` } }, actor, appName) }
        })
      }

      it('attaches with its release in one step, naming attachments DATABASE then by colour', async () => {
        const app = await newApp()
        const first = await attach(app.id, app.name)
        const second = await attach(app.id, app.name)
        assert.deepEqual([first.addon.attachmentName, second.addon.attachmentName], ['DATABASE', 'HEROKU_POSTGRESQL_AMBER'])
        assert.equal(first.release.description, `Attach DATABASE (@ref:${first.addon.name})`)
        assert.deepEqual(Object.keys(second.release.addonConfigVars).sort(), ['DATABASE_URL', 'HEROKU_POSTGRESQL_AMBER_URL'])
        assert.deepEqual(second.release.addonPlanNames, ['berth-postgresql:dev', 'berth-postgresql:dev'])
        assert.equal((await store.findAddon(first.addon.name))?.id, first.addon.id)
        assert.equal((await store.findAddon(first.addon.id))?.appName, app.name)
        assert.deepEqual((await store.listAddons({ appId: app.id })).map((a) => a.id), [first.addon.id, second.addon.id])
        assert.ok((await store.listAddons({ memberId: ownerId })).some((a) => a.id === first.addon.id))
      })

      it('writes nothing when the attach planner refuses, and keeps add-on config encrypted', async () => {
        const app = await newApp()
        await setConfig(app.id, { DATABASE_URL: 'mine' })
        await assert.rejects(attach(app.id, app.name), (e: unknown) => e instanceof PlatformError && e.id === 'invalid_params')
        assert.deepEqual(await store.listAddons({ appId: app.id }), [])
        const [latest] = await store.listReleases(app.id, { order: 'desc', max: 1 })
        assert.equal(latest!.description, 'Set DATABASE_URL config vars')
        const other = await newApp()
        await attach(other.id, other.name, 'never-in-clear-7f3a')
        assert.doesNotMatch(await harness.dumpAllText(), /never-in-clear-7f3a/)
      })

      it('detaches with its release, frees the attachment name, then forgets the add-on', async () => {
        const app = await newApp()
        const { addon } = await attach(app.id, app.name)
        const { addon: detached, release } = await store.detachAddon(addon.id, (ctx, a) => planDetachRelease(ctx, a, actor))
        assert.equal(release.description, `Detach DATABASE (@ref:${addon.name})`)
        assert.deepEqual(release.addonConfigVars, {})
        assert.deepEqual([detached.state, detached.attachmentName], ['deprovisioning', null])
        await assert.rejects(store.detachAddon(addon.id, (ctx, a) => planDetachRelease(ctx, a, actor)), (e: unknown) => e instanceof PlatformError && e.id === 'not_found')
        assert.equal((await attach(app.id, app.name)).addon.attachmentName, 'DATABASE')
        assert.ok((await store.listAddons({ state: 'deprovisioning' })).some((a) => a.id === addon.id))
        assert.equal(await store.deleteAddon(addon.id), true)
        assert.equal(await store.findAddon(addon.id), null)
      })

      it("keeps a deleted app's add-ons as deprovisioning with no app", async () => {
        const app = await newApp()
        const { addon } = await attach(app.id, app.name)
        await store.deleteApp(app.id)
        const orphan = await store.findAddon(addon.id)
        assert.deepEqual([orphan?.state, orphan?.appId, orphan?.attachmentName], ['deprovisioning', null, null])
        assert.equal(orphan?.config.URL, 'postgres://u:pw-secret-value@h/d')
        assert.equal(await store.deleteAddon(addon.id), true)
      })
    })
  })
}
