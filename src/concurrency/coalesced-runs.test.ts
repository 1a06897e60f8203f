import assert from 'node:assert/strict'
import { it } from 'node:test'
import { CoalescedRuns } from './coalesced-runs.js'

it('runs one at a time, and once more after a run for any number of requests made during it', async () => {
  let runs = 0
  let release: () => void = () => undefined
  const errors: unknown[] = []
  const work = new CoalescedRuns(async () => {
    runs++
    await new Promise<void>((resolve) => { release = resolve })
    if (runs === 2) throw new Error('second run failed')
  }, (error) => errors.push(error))
  work.request()
  work.request()
  work.request()
  assert.equal(runs, 1)
  release()
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(runs, 2, 'the three requests made one more run')
  release()
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(runs, 2)
  assert.deepEqual(errors.map((e) => (e as Error).message), ['second run failed'])
})
