import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planFormation } from './plan-formation.js'

describe('planFormation', () => {
  it('scales web to 1 on the first deploy and every other type to 0', () => {
    assert.deepEqual(planFormation([], { web: 'npm start', worker: 'node w.js', release: './migrate' }), {
      entries: [
        { type: 'web', quantity: 1, size: 'Basic', command: 'npm start' },
        { type: 'worker', quantity: 0, size: 'Basic', command: 'node w.js' },
        { type: 'release', quantity: 0, size: 'Basic', command: './migrate' },
      ],
      scaled: 'web@1:Basic',
    })
  })

  it('keeps quantities and sizes, follows new commands, and drops types the slug no longer has', () => {
    const existing = [
      { type: 'web', quantity: 3, size: 'Standard-2X', command: 'old' },
      { type: 'clock', quantity: 1, size: 'Basic', command: 'node clock.js' },
    ]
    assert.deepEqual(planFormation(existing, { web: 'new', worker: 'w' }), {
      entries: [
        { type: 'web', quantity: 3, size: 'Standard-2X', command: 'new' },
        { type: 'worker', quantity: 0, size: 'Basic', command: 'w' },
      ],
      scaled: null,
    })
  })

  it('scales nothing up when the first slug has no web process', () => {
    assert.equal(planFormation([], { worker: 'w' }).scaled, null)
  })
})
