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

/** A release that went live `agoMs` ago and serves now. */
const live = (version: number, agoMs: number, actor?: Actor) => ({ ...release(version, actor), status: 'succeeded', current: true, updatedAt: new Date(Date.now() - agoMs) }) as Release

/**
 * A watch over counts the test writes, ticking every 10 ms; rollbacks are recorded and become v(N+1).
 * `stored`: the store's releases (newest first) and each version's counts, as a restarted server finds them.
 */
function rig(enabled = true, stored: { releases?: Release[]; counts?: Map<number, ReleaseCounts> } = {}) {
  const totals = new Map<number, ReleaseCounts>()
  const rollbacks: { target: number; reason: string }[] = []
  let next = 100
  const watcher = new AutoRollback({
    meter: { totals: (_app, version) => structuredClone(totals.get(version) ?? emptyCounts()), flush: async () => {} },
    store: {
      getAutoRollback: async () => ({ ...DEFAULT_AUTO_ROLLBACK, enabled, minRequests: 20 }),
      listReleaseMetrics: async (appId, version) => {
        const counts = stored.counts?.get(version)
        return counts ? [{ appId, releaseVersion: version, minute: Math.floor(Date.now() / 60_000), counts }] : []
      },
      listReleases: async () => stored.releases ?? [],
    },
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

  it('resumes the watch of the current release after a restart, for the rest of its window, counting what it did before and against the release before it that went live', async () => {
    const crashed = emptyCounts()
    crashed.crashes = 3
    const earlier = [release(3), release(2), release(1)].map((r, i) => ({ ...r, status: i === 0 ? 'failed' : 'succeeded' }) as Release)
    const { watcher, rollbacks } = rig(true, { releases: [live(4, 20_000), ...earlier], counts: new Map([[4, crashed]]) })
    watcher.resumed(live(4, 20_000))
    await waitFor(() => rollbacks.length === 1, { timeoutMs: 2000, what: 'the rollback' })
    assert.equal(rollbacks[0]!.target, 2, 'v3 failed: v2 is the one v4 replaced')
    assert.match(rollbacks[0]!.reason, /^3 dyno crashes in 2\d s after cutover/)
  })

  it('resumes no watch for a release live longer than its window, an automatic rollback, or a release with none before it that went live', async () => {
    const earlier = [{ ...release(1), status: 'succeeded' } as Release]
    const old = rig(true, { releases: earlier })
    old.watcher.resumed(live(2, 301_000))
    const auto = rig(true, { releases: earlier })
    auto.watcher.resumed(live(2, 1000, AUTO_ROLLBACK_ACTOR))
    const alone = rig(true, { releases: [{ ...release(1), status: 'failed' } as Release] })
    alone.watcher.resumed(live(2, 1000))
    const fresh = rig(true, { releases: earlier })
    fresh.watcher.resumed(live(2, 1000))
    await waitFor(() => fresh.watcher.watching('a') === 2, { timeoutMs: 1000, what: 'the resumed watch' })
    assert.deepEqual([old.watcher.watching('a'), auto.watcher.watching('a'), alone.watcher.watching('a')], [null, null, null])
    fresh.watcher.stop()
  })
})
