import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AUTO_ROLLBACK_ACTOR } from '../core/health/auto-rollback-actor.js'
import { DEFAULT_AUTO_ROLLBACK } from '../core/health/auto-rollback-settings.js'
import { countRequest, emptyCounts, type ReleaseCounts } from '../core/health/release-counts.js'
import type { Actor } from '../core/accounts/account.js'
import type { Release } from '../core/releases/release.js'
import { waitFor } from '../../test/support/wait-for.js'
import { AutoRollback } from './auto-rollback.js'

const release = (version: number, actor: Actor = { id: 'u1', email: 'dev@example.com' }) => ({ id: `r${version}`, appId: 'a', version, actor }) as Release

/** A watch over counts the test writes, ticking every 10 ms; rollbacks are recorded and become v(N+1). */
function rig(enabled = true) {
  const totals = new Map<number, ReleaseCounts>()
  const rollbacks: { target: number; reason: string }[] = []
  let next = 100
  const watcher = new AutoRollback({
    meter: { totals: (_app, version) => structuredClone(totals.get(version) ?? emptyCounts()), flush: async () => {} },
    store: { getAutoRollback: async () => ({ ...DEFAULT_AUTO_ROLLBACK, enabled, minRequests: 20 }), listReleaseMetrics: async () => [] },
    rollBack: async (_app, _from, target, reason) => { rollbacks.push({ target, reason }); return release(next++, AUTO_ROLLBACK_ACTOR) },
    tickMs: 10, onError: (error) => { throw error },
  })
  const serve = (version: number, n: number, fiveXx: number) => {
    const counts = totals.get(version) ?? emptyCounts()
    for (let i = 0; i < n; i++) countRequest(counts, i < fiveXx ? 500 : 200, 10)
    totals.set(version, counts)
  }
  return { watcher, rollbacks, serve }
}

describe('AutoRollback', () => {
  it('rolls a failing release back to the one it replaced, once, and never watches its own rollback', async () => {
    const { watcher, rollbacks, serve } = rig()
    watcher.wentLive(release(2), release(1))
    await waitFor(() => watcher.watching('a') === 2, { timeoutMs: 1000, what: 'the watch' })
    serve(2, 100, 50)
    await waitFor(() => rollbacks.length === 1, { timeoutMs: 2000, what: 'the rollback' })
    assert.equal(rollbacks[0]!.target, 1)
    assert.match(rollbacks[0]!.reason, /^5xx rate 50% > 5% over \d+ s after cutover$/)
    assert.equal(watcher.watching('a'), null)
    // The rollback goes live: not watched, so it can never be rolled back in turn.
    await new Promise((resolve) => setTimeout(resolve, 20))
    watcher.wentLive(release(100, AUTO_ROLLBACK_ACTOR), release(2))
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(watcher.watching('a'), null)
    assert.equal(rollbacks.length, 1)
  })

  it('lets a newer release end the watch of the one before, and watches it instead', async () => {
    const { watcher, rollbacks, serve } = rig()
    watcher.wentLive(release(2), release(1))
    await waitFor(() => watcher.watching('a') === 2, { timeoutMs: 1000, what: 'the watch of v2' })
    watcher.wentLive(release(3), release(2))
    await waitFor(() => watcher.watching('a') === 3, { timeoutMs: 1000, what: 'the watch of v3' })
    serve(2, 100, 100)
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.deepEqual(rollbacks, [], 'v2 is no longer watched')
    watcher.stop()
  })

  it("watches nothing while automatic rollback is off, and nothing for an app's first release", async () => {
    const off = rig(false)
    off.watcher.wentLive(release(2), release(1))
    const first = rig()
    first.watcher.wentLive(release(1), null)
    await new Promise((resolve) => setTimeout(resolve, 30))
    assert.deepEqual([off.watcher.watching('a'), first.watcher.watching('a')], [null, null])
  })

  it('never watches an automatic rollback, even one it learns of before its own call returned or that an earlier server made', async () => {
    const { watcher, rollbacks, serve } = rig()
    watcher.wentLive(release(7, AUTO_ROLLBACK_ACTOR), release(6))
    serve(7, 100, 100)
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.deepEqual([watcher.watching('a'), rollbacks], [null, []])
  })
})
