import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { containerMemory } from './container-memory.js'

describe('containerMemory', () => {
  it('reads nothing, without throwing, for a process that has already ended (a dyno crashing at start)', () => {
    const ended = spawnSync('true').pid
    assert.equal(containerMemory(ended)(), null)
  })
})
