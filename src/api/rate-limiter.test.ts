import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RateLimiter } from './rate-limiter.js'

describe('RateLimiter', () => {
  it('empties after capacity requests and refills evenly over the hour', () => {
    let now = 0
    const limiter = new RateLimiter(3, () => now)
    assert.deepEqual([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')], [2, 1, 0, -1])
    assert.equal(limiter.take('b'), 2, 'buckets are per account')
    now += 3_600_000 / 3
    assert.equal(limiter.take('a'), 0)
    assert.equal(limiter.take('a'), -1)
  })

  it('never limits when the capacity is 0', () => {
    const limiter = new RateLimiter(0)
    for (let i = 0; i < 10; i++) assert.ok(limiter.take('a') > 0)
  })
})
