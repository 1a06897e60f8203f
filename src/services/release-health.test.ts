import assert from 'node:assert/strict'
import { it } from 'node:test'
import { countRequest, emptyCounts } from '../core/health/release-counts.js'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { getReleaseMetrics } from './release-health.js'

it("reports at most a release's last 30 days of counted minutes, however long it served", async (t) => {
  const rig = await open(t)
  const owner = await rig.account()
  const app = await rig.app(owner)
  const { release } = await rig.deploy(owner, app)
  const served = (requests: number) => {
    const counts = emptyCounts()
    for (let i = 0; i < requests; i++) countRequest(counts, 200, 30)
    return counts
  }
  const now = Math.floor(Date.now() / 60_000)
  const daysAgo = (days: number) => now - days * 1440
  await rig.store.addReleaseMetrics([daysAgo(45), daysAgo(31), daysAgo(29), daysAgo(0)].map((minute) => ({ appId: app.id, releaseVersion: release.version, minute, counts: served(10) })))
  const metrics = await getReleaseMetrics(rig.deps, owner, app.name, String(release.version))
  assert.deepEqual([metrics.health.requests, metrics.minutes.length, metrics.from?.getTime()], [20, 2, daysAgo(29) * 60_000])
  const lastDay = await getReleaseMetrics(rig.deps, owner, app.name, String(release.version), { windowSeconds: 86_400 })
  assert.deepEqual([lastDay.health.requests, lastDay.minutes.length], [10, 1])
})
