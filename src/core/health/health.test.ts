import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { changeAutoRollback, DEFAULT_AUTO_ROLLBACK } from './auto-rollback-settings.js'
import { decideRollback, wilsonLower, type RollbackEvidence } from './decide-rollback.js'
import { countRequest, countsBetween, emptyCounts, percentileMs, serviceBin, summarize, type ReleaseCounts } from './release-counts.js'
import { PlatformError } from '../errors/platform-error.js'

/** Counts of `n` requests, `fiveXx` of them 500s, each taking `ms`. */
function traffic(n: number, fiveXx = 0, ms = 20, into = emptyCounts()): ReleaseCounts {
  for (let i = 0; i < n; i++) countRequest(into, i < fiveXx ? 500 : 200, ms)
  return into
}

const settings = { ...DEFAULT_AUTO_ROLLBACK, enabled: true }
function evidence(recent: ReleaseCounts, baseline = traffic(1000), crashes = 0): RollbackEvidence {
  return { recent, recentSeconds: 60, sinceCutover: { ...recent, crashes }, sinceCutoverSeconds: 90, baseline, baselineSeconds: 300, baselineVersion: 41 }
}

describe('release counts', () => {
  it('puts service times in bins about 19% wide and reads percentiles back within one bin', () => {
    assert.equal(serviceBin(0), 0)
    assert.equal(serviceBin(0.5), 0)
    assert.ok(serviceBin(1000) > serviceBin(800))
    const counts = emptyCounts()
    for (let ms = 1; ms <= 1000; ms++) countRequest(counts, 200, ms)
    for (const [q, exact] of [[0.5, 500], [0.95, 950], [0.99, 990]] as const) {
      const read = percentileMs(counts.serviceBins, q)!
      assert.ok(read >= exact && read <= exact * 1.2, `p${q * 100}: ${read} for ${exact}`)
    }
    assert.equal(percentileMs(emptyCounts().serviceBins, 0.5), null)
  })

  it('subtracts one cumulative reading from another, and summarizes rates and H-codes', () => {
    const earlier = traffic(10, 1)
    const later = traffic(30, 10, 20, traffic(10, 1))
    countRequest(later, 503, 30_000, 'H12')
    const between = countsBetween(later, earlier)
    assert.equal(between.requests, 31)
    const health = summarize(between)
    assert.deepEqual([health.status['5xx'], health.codes, health.errorRate], [11, { H12: 1 }, 11 / 31])
    assert.equal(summarize(emptyCounts()).errorRate, null)
  })
})

describe('decideRollback', () => {
  it('rolls back a release answering 30% 5xx, naming the rate and the threshold', () => {
    const decision = decideRollback(settings, evidence(traffic(200, 60)))
    assert.deepEqual(decision, { breach: true, reason: '5xx rate 30% > 5% over 60 s after cutover' })
  })

  it('never decides on fewer requests than the minimum, however bad they look', () => {
    assert.deepEqual(decideRollback(settings, evidence(traffic(99, 99))), { breach: false, why: 'too few requests' })
    assert.deepEqual(decideRollback(settings, evidence(emptyCounts())), { breach: false, why: 'too few requests' })
  })

  it('needs the low end of the rate\'s interval past the threshold: a few unlucky requests are not enough', () => {
    // 8 of 100 is 8%, but could well be a 5% release's bad minute.
    assert.ok(wilsonLower(8, 100) < 0.05)
    assert.deepEqual(decideRollback(settings, evidence(traffic(100, 8))), { breach: false, why: 'healthy' })
    // 80 of 1000 is not.
    assert.equal(decideRollback(settings, evidence(traffic(1000, 80))).breach, true)
  })

  it('does not blame a release for the 5xx rate the one it replaced had too', () => {
    assert.equal(decideRollback(settings, evidence(traffic(500, 50), traffic(1000, 100))).breach, false)
    assert.deepEqual(decideRollback(settings, evidence(traffic(500, 250), traffic(1000, 100))),
      { breach: true, reason: '5xx rate 50% > v41\'s 10% over 60 s after cutover' })
  })

  it('rolls back a release whose p95 is past the factor of the replaced one\'s, but not a fast one that got a little slower', () => {
    assert.deepEqual(decideRollback(settings, evidence(traffic(200, 0, 900), traffic(1000, 0, 100))),
      { breach: true, reason: 'p95 1024 ms > 2x v41\'s 108 ms over 60 s after cutover' })
    assert.equal(decideRollback(settings, evidence(traffic(200, 0, 150), traffic(1000, 0, 100))).breach, false)
    // 12 ms against 2 ms is six times, and harmless.
    assert.equal(decideRollback(settings, evidence(traffic(200, 0, 12), traffic(1000, 0, 2))).breach, false)
    // No baseline to compare with: latency says nothing.
    assert.equal(decideRollback(settings, evidence(traffic(200, 0, 900), emptyCounts())).breach, false)
  })

  it('rolls back on crashes past the limit, whatever the traffic, unless the replaced release crashed as often', () => {
    assert.deepEqual(decideRollback(settings, evidence(emptyCounts(), traffic(1000), 3)),
      { breach: true, reason: '3 dyno crashes in 90 s after cutover (at most 2)' })
    assert.equal(decideRollback(settings, evidence(emptyCounts(), traffic(1000), 2)).breach, false)
    const crashy = { ...traffic(1000), crashes: 20 }
    assert.equal(decideRollback(settings, evidence(emptyCounts(), crashy, 3)).breach, false)
  })
})

describe('changeAutoRollback', () => {
  it('changes the fields given and keeps the rest', () => {
    assert.deepEqual(changeAutoRollback(DEFAULT_AUTO_ROLLBACK, { enabled: true, error_rate: 0.02 }), { ...DEFAULT_AUTO_ROLLBACK, enabled: true, errorRate: 0.02 })
  })

  it('refuses unknown fields, wrong types and values out of range, naming them', () => {
    const refused = (patch: Record<string, unknown>, message: RegExp) =>
      assert.throws(() => changeAutoRollback(DEFAULT_AUTO_ROLLBACK, patch), (e: unknown) => e instanceof PlatformError && e.id === 'invalid_params' && message.test(e.message))
    refused({ enabled: 'yes' }, /enabled must be true or false/)
    refused({ error_rate: 5 }, /error_rate must be a number from 0.001 to 1/)
    refused({ window_seconds: 10 }, /window_seconds must be a number from 30 to 3600/)
    refused({ min_requests: 10.5 }, /min_requests must be a whole number/)
    refused({ p95: 2 }, /p95 is not a setting/)
  })
})
