import assert from 'node:assert/strict'
import { it } from 'node:test'
import { parseCount, parseDuration, parseFactor, parseRate } from './health-flags.js'

it('reads the release-health flags as people type them, and refuses the rest naming the flag', () => {
  assert.deepEqual([parseDuration('5m', 'window'), parseDuration('300s', 'window'), parseDuration('1h', 'window'), parseDuration('90', 'window')], [300, 300, 3600, 90])
  assert.deepEqual([parseRate('5%', 'error-rate'), parseRate('0.05', 'error-rate'), parseRate('2.5%', 'error-rate')], [0.05, 0.05, 0.025])
  assert.deepEqual([parseFactor('2x', 'p95'), parseFactor('1.5', 'p95')], [2, 1.5])
  assert.equal(parseCount('100', 'min-requests'), 100)
  assert.throws(() => parseDuration('5 minutes', 'window'), /--window takes a duration like 5m/)
  assert.throws(() => parseRate('five', 'error-rate'), /--error-rate takes a rate/)
  assert.throws(() => parseFactor('2y', 'p95'), /--p95 takes a factor/)
  assert.throws(() => parseCount('-1', 'min-requests'), /--min-requests takes a whole number/)
})
