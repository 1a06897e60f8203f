import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestDatabase } from '../../test/support/postgres.js'
import type { Actor } from '../core/accounts/account.js'
import { planConfigRelease } from '../core/releases/plan-config-release.js'
import { planInitialReleases } from '../core/releases/plan-initial-releases.js'
import { planSlugRelease } from '../core/releases/plan-slug-release.js'
import { PostgresStore } from '../store/postgres/postgres-store.js'
import { SecretBox } from '../store/secret-box.js'
import { SqliteStore } from '../store/sqlite/sqlite-store.js'
import type { Store } from '../store/store.js'
import { runRolloutStoreContract, type RolloutStoreHarness } from './rollout-store.contract.js'

/** One app on a real store, releases appended as a deploy or a config change would append them. */
async function onRealStore(store: Store, cleanup: () => Promise<void>): Promise<RolloutStoreHarness> {
  const owner = await store.createAccount({ email: `rollout-${randomBytes(4).toString('hex')}@example.com`, name: null, passwordHash: null, isAdmin: false })
  const actor: Actor = { id: owner.id, email: owner.email }
  const app = await store.createApp({ name: `rollout-${randomBytes(4).toString('hex')}`, ownerId: owner.id, stack: 'berth-24', region: 'us' }, planInitialReleases(actor))
  const append = async (processTypes: Record<string, string> | null, configVars: Record<string, string> = {}) => {
    if (!processTypes) return (await store.appendRelease(app.id, (ctx) => planConfigRelease(ctx, configVars, actor)))!
    const slug = await store.createSlug({
      appId: app.id, processTypes, commit: null, commitDescription: null, buildpackProvidedDescription: null, stack: 'berth-24', checksum: null, sizeBytes: null,
    })
    if (Object.keys(configVars).length > 0) await store.appendRelease(app.id, (ctx) => planConfigRelease(ctx, configVars, actor))
    return (await store.appendRelease(app.id, (ctx) => planSlugRelease(ctx, slug.id, 'Deploy', actor)))!
  }
  return { store, appId: app.id, append, cleanup }
}

runRolloutStoreContract('SqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-rollout-store-'))
  const store = await SqliteStore.open(join(dir, 'berth.db'), { box: new SecretBox(randomBytes(32)) })
  return onRealStore(store, async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
})

runRolloutStoreContract('PostgresStore', async () => {
  const database = await createTestDatabase()
  const store = await PostgresStore.open(database.url, { box: new SecretBox(randomBytes(32)) })
  return onRealStore(store, async () => {
    await store.close()
    await database.drop()
  })
})
