import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ReleaseMinute } from '../store/store-inputs.js'
import { ReleaseMeter } from './release-meter.js'

/** The meter over a store that keeps what it is given (the real stores' adding is in the store contract). */
function meterAt(clock: { now: number }, failing = { on: false }) {
  const stored: ReleaseMinute[] = []
  const lines: string[] = []
  const meter = new ReleaseMeter({
    store: { addReleaseMetrics: async (rows) => { if (failing.on) throw new Error('store away'); stored.push(...rows) }, expireReleaseMetrics: async () => 0 },
    now: () => clock.now, onError: () => {},
  })
  return { meter, stored, lines }
}

describe('ReleaseMeter', () => {
  it('counts requests per release and minute, and keeps running totals per release', async () => {
    const clock = { now: 60_000 * 1000 }
    const { meter, stored } = meterAt(clock)
    meter.request('a', 3, 200, 12)
    meter.request('a', 3, 500, 40, 'H13')
    clock.now += 60_000
    meter.request('a', 3, 200, 8)
    meter.request('a', 4, 200, 8)
    await meter.flush()
    assert.deepEqual(stored.map((r) => [r.releaseVersion, r.minute, r.counts.requests, r.counts.status['5xx']]), [[3, 1000, 2, 1], [3, 1001, 1, 0], [4, 1001, 1, 0]])
    assert.deepEqual([meter.totals('a', 3).requests, meter.totals('a', 3).codes, meter.totals('a', 9).requests], [3, { H13: 1 }, 0])
    await meter.flush()
    assert.equal(stored.length, 3, 'a flush sends each count once')
  })

  it('keeps what the store refused for the next flush', async () => {
    const clock = { now: 0 }
    const failing = { on: true }
    const { meter, stored } = meterAt(clock, failing)
    meter.request('a', 1, 200, 5)
    await assert.rejects(meter.flush(), /store away/)
    failing.on = false
    meter.request('a', 1, 200, 5)
    await meter.flush()
    assert.deepEqual(stored.map((r) => r.counts.requests), [2])
  })

  it("counts the scheduler's crash and memory lines of a release, never an app's own lines that look like them", () => {
    const { meter } = meterAt({ now: 0 })
    const passed: string[] = []
    const logs = meter.tap({ write: (line) => void passed.push(line.message) })
    const heroku = (message: string) => ({ appId: 'a', source: 'heroku' as const, process: 'web.1', message, releaseVersion: 2 })
    logs.write(heroku('State changed from up to crashed'))
    logs.write(heroku('State changed from starting to crashed'))
    logs.write(heroku('Error R14 (Memory quota exceeded)'))
    logs.write(heroku('Error R15 (Memory quota vastly exceeded)'))
    logs.write({ ...heroku('Error R14 (Memory quota exceeded)'), source: 'app' })
    logs.write({ ...heroku('State changed from up to crashed'), releaseVersion: null })
    const totals = meter.totals('a', 2)
    assert.deepEqual([totals.crashes, totals.r14, totals.r15], [2, 1, 1])
    assert.equal(passed.length, 6, 'every line still reaches the log')
  })
})
