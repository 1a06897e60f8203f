import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Actor } from '../core/accounts/account.js'
import { planInitialReleases } from '../core/releases/plan-initial-releases.js'
import type { StoreHarness } from './store.contract.js'
import type { Store } from './store.js'

let counter = 0
const unique = (prefix: string) => `${prefix}${process.pid}-${++counter}`

/** The app-setup part of the Store contract: a setup's record, its one-way status, and its going with the app. */
export function runAppSetupStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract, app setups: ${name}`, () => {
    let harness: StoreHarness
    let store: Store
    let actor: Actor
    before(async () => {
      harness = await open()
      store = harness.store
      const owner = await store.createAccount({ email: unique('setups') + '@example.com', name: null, passwordHash: null, isAdmin: false })
      actor = { id: owner.id, email: owner.email }
    })
    after(async () => harness.cleanup())

    const newApp = () => store.createApp({ name: unique('setup-').replace(/[^a-z0-9-]/g, ''), ownerId: actor.id!, stack: 'berth-24', region: 'us' }, planInitialReleases(actor))

    it('records a pending setup with its app and creator, then its build and postdeploy', async () => {
      const app = await newApp()
      const setup = await store.createAppSetup({ appId: app.id, accountId: actor.id!, successUrl: '/welcome' })
      assert.deepEqual(
        [setup.status, setup.appId, setup.appName, setup.accountId, setup.buildId, setup.postdeploy, setup.failureMessage, setup.successUrl],
        ['pending', app.id, app.name, actor.id, null, null, null, '/welcome'],
      )
      const buildId = '7a0f1f5e-2a3b-4c5d-8e9f-0a1b2c3d4e5f'
      await store.updateAppSetup(setup.id, { buildId })
      const done = await store.updateAppSetup(setup.id, { status: 'succeeded', postdeploy: { exitCode: 0, output: 'seeded 1 row\n' } })
      assert.deepEqual([done.status, done.buildId, done.postdeploy], ['succeeded', buildId, { exitCode: 0, output: 'seeded 1 row\n' }])
      assert.deepEqual(await store.getAppSetup(setup.id), done)
      assert.ok(done.updatedAt >= setup.updatedAt)
    })

    it('keeps a settled status: a late step cannot turn a failed setup into a succeeded one', async () => {
      const app = await newApp()
      const setup = await store.createAppSetup({ appId: app.id, accountId: actor.id!, successUrl: null })
      await store.updateAppSetup(setup.id, { status: 'failed', failureMessage: 'build failed' })
      const after = await store.updateAppSetup(setup.id, { status: 'succeeded' })
      assert.deepEqual([after.status, after.failureMessage], ['failed', 'build failed'])
    })

    it('fails the setups left pending by a server that stopped, and only those', async () => {
      const app = await newApp()
      const done = await store.createAppSetup({ appId: app.id, accountId: actor.id!, successUrl: null })
      await store.updateAppSetup(done.id, { status: 'succeeded' })
      const interrupted = await store.createAppSetup({ appId: app.id, accountId: actor.id!, successUrl: null })
      const startedAt = new Date(Date.now() + 1000)
      const failed = await store.failInterruptedAppSetups(startedAt, 'The server stopped during this app setup.')
      assert.deepEqual(failed.filter((s) => s.appId === app.id).map((s) => [s.id, s.status, s.failureMessage]), [[interrupted.id, 'failed', 'The server stopped during this app setup.']])
      assert.equal((await store.getAppSetup(done.id))?.status, 'succeeded')
      const later = await store.createAppSetup({ appId: app.id, accountId: actor.id!, successUrl: null })
      await store.failInterruptedAppSetups(new Date(later.createdAt.getTime() - 1), 'x')
      assert.equal((await store.getAppSetup(later.id))?.status, 'pending')
    })

    it('forgets the setups of a deleted app, and knows no unknown id', async () => {
      const app = await newApp()
      const setup = await store.createAppSetup({ appId: app.id, accountId: actor.id!, successUrl: null })
      await store.deleteApp(app.id)
      assert.equal(await store.getAppSetup(setup.id), null)
      assert.equal(await store.getAppSetup('00000000-0000-0000-0000-000000000000'), null)
    })
  })
}
