import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Release } from '../core/releases/release.js'
import type { RolloutStore } from './rollout-store.js'

export interface RolloutStoreHarness {
  store: RolloutStore
  /** The id of an app with no release of its own yet beyond what creating it makes. */
  appId: string
  /** Appends a pending release: on a new slug declaring `processTypes`, or a config change when null. */
  append(processTypes: Record<string, string> | null, configVars?: Record<string, string>): Promise<Release>
  cleanup(): Promise<void>
}

/**
 * What the rollout's parts rely on from the store, run against the real store and against the
 * in-memory one the rollout's fast tests use, so those tests stand on the same behaviour.
 */
export function runRolloutStoreContract(name: string, open: () => Promise<RolloutStoreHarness>): void {
  describe(`RolloutStore contract: ${name}`, () => {
    let harness: RolloutStoreHarness
    let store: RolloutStore
    let appId: string
    before(async () => {
      harness = await open()
      store = harness.store
      appId = harness.appId
    })
    after(async () => harness.cleanup())

    it('finds the app by id, lists it among all apps, and answers null for an unknown id', async () => {
      assert.equal((await store.findApp(appId))?.id, appId)
      assert.ok((await store.listAllApps()).some((app) => app.id === appId))
      assert.equal(await store.findApp('00000000-0000-4000-8000-000000000000'), null)
      assert.deepEqual(await store.listDomains(appId), [])
    })

    it('keeps a release pending until it finishes, and finds it and its slug by id', async () => {
      const release = await harness.append({ web: 'node web.js', release: 'node migrate.js' }, { A: '1' })
      assert.equal(release.status, 'pending')
      assert.ok((await store.listPendingReleases()).some((pending) => pending.id === release.id))
      const found = await store.getRelease(appId, { kind: 'id', id: release.id })
      assert.deepEqual([found?.version, found?.configVars, found?.hasReleasePhase], [release.version, { A: '1' }, true])
      const slug = await store.getSlug(appId, release.slugId!)
      assert.deepEqual(slug?.processTypes, { web: 'node web.js', release: 'node migrate.js' })
      await store.finishRelease(release.id, 'succeeded')
      assert.ok(!(await store.listPendingReleases()).some((pending) => pending.id === release.id))
    })

    it('moves current only forward; a superseded or failed release never becomes current', async () => {
      const older = await harness.append({ web: 'a' })
      const newer = await harness.append({ web: 'b' })
      assert.equal((await store.finishRelease(newer.id, 'succeeded')).current, true)
      const late = await store.finishRelease(older.id, 'succeeded')
      assert.deepEqual([late.status, late.current], ['succeeded', false])
      const superseded = await harness.append(null, { S: '1' })
      assert.equal((await store.finishRelease(superseded.id, 'succeeded', { current: false })).current, false)
      const failed = await harness.append({ web: 'c' })
      const failedNow = await store.finishRelease(failed.id, 'failed')
      assert.deepEqual([failedNow.status, failedNow.current], ['failed', false])
      assert.equal((await store.findApp(appId))?.currentReleaseId, newer.id)
      assert.equal((await store.getRelease(appId, { kind: 'id', id: newer.id }))?.current, true)
    })

    it('replaces the formation as a whole and lists what it holds', async () => {
      await store.replaceFormation(appId, [
        { type: 'web', quantity: 2, size: 'Basic', command: 'node web.js' },
        { type: 'worker', quantity: 1, size: 'Standard-2X', command: 'node worker.js' },
      ])
      await store.replaceFormation(appId, [{ type: 'web', quantity: 3, size: 'Standard-1X', command: 'node web2.js' }])
      const listed = (await store.listFormation(appId)).map(({ type, quantity, size, command }) => ({ type, quantity, size, command }))
      assert.deepEqual(listed, [{ type: 'web', quantity: 3, size: 'Standard-1X', command: 'node web2.js' }])
    })
  })
}
