import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { contractRig } from './contract-rig.js'
import type { StoreHarness } from './store.contract.js'

/** The app-setup part of the Store contract: a setup's record, its one-way status, and its going with the app. */
export function runAppSetupStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract, app setups: ${name}`, () => {
    const rig = contractRig(open, 'setups')
    const { newApp } = rig

    it('records a pending setup with its app and creator, then its build and postdeploy', async () => {
      const app = await newApp()
      const setup = await rig.store.createAppSetup({ appId: app.id, accountId: rig.actor.id!, successUrl: '/welcome' })
      assert.deepEqual(
        [setup.status, setup.appId, setup.appName, setup.accountId, setup.buildId, setup.postdeploy, setup.failureMessage, setup.successUrl],
        ['pending', app.id, app.name, rig.actor.id, null, null, null, '/welcome'],
      )
      const buildId = '7a0f1f5e-2a3b-4c5d-8e9f-0a1b2c3d4e5f'
      await rig.store.updateAppSetup(setup.id, { buildId })
      const done = await rig.store.updateAppSetup(setup.id, { status: 'succeeded', postdeploy: { exitCode: 0, output: 'seeded 1 row\n' } })
      assert.deepEqual([done.status, done.buildId, done.postdeploy], ['succeeded', buildId, { exitCode: 0, output: 'seeded 1 row\n' }])
      assert.deepEqual(await rig.store.getAppSetup(setup.id), done)
      assert.ok(done.updatedAt >= setup.updatedAt)
    })

    it('keeps a settled status: a late step cannot turn a failed setup into a succeeded one', async () => {
      const app = await newApp()
      const setup = await rig.store.createAppSetup({ appId: app.id, accountId: rig.actor.id!, successUrl: null })
      await rig.store.updateAppSetup(setup.id, { status: 'failed', failureMessage: 'build failed' })
      const after = await rig.store.updateAppSetup(setup.id, { status: 'succeeded' })
      assert.deepEqual([after.status, after.failureMessage], ['failed', 'build failed'])
    })

    it('fails the setups left pending by a server that stopped, and only those', async () => {
      const app = await newApp()
      const done = await rig.store.createAppSetup({ appId: app.id, accountId: rig.actor.id!, successUrl: null })
      await rig.store.updateAppSetup(done.id, { status: 'succeeded' })
      const interrupted = await rig.store.createAppSetup({ appId: app.id, accountId: rig.actor.id!, successUrl: null })
      const startedAt = new Date(Date.now() + 1000)
      const failed = await rig.store.failInterruptedAppSetups(startedAt, 'The server stopped during this app setup.')
      assert.deepEqual(failed.filter((s) => s.appId === app.id).map((s) => [s.id, s.status, s.failureMessage]), [[interrupted.id, 'failed', 'The server stopped during this app setup.']])
      assert.equal((await rig.store.getAppSetup(done.id))?.status, 'succeeded')
      const later = await rig.store.createAppSetup({ appId: app.id, accountId: rig.actor.id!, successUrl: null })
      await rig.store.failInterruptedAppSetups(new Date(later.createdAt.getTime() - 1), 'x')
      assert.equal((await rig.store.getAppSetup(later.id))?.status, 'pending')
    })

    it('forgets the setups of a deleted app, and knows no unknown id', async () => {
      const app = await newApp()
      const setup = await rig.store.createAppSetup({ appId: app.id, accountId: rig.actor.id!, successUrl: null })
      await rig.store.deleteApp(app.id)
      assert.equal(await rig.store.getAppSetup(setup.id), null)
      assert.equal(await rig.store.getAppSetup('00000000-0000-0000-0000-000000000000'), null)
    })
  })
}
