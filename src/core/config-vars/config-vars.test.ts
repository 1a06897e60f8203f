import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlatformError } from '../errors/platform-error.js'
import { applyConfigPatch, describeConfigChange, MAX_CONFIG_BYTES, parseConfigPatch } from './config-vars.js'

const invalid = (pattern: RegExp) => (error: unknown) => error instanceof PlatformError && error.id === 'invalid_params' && pattern.test(error.message)

describe('parseConfigPatch', () => {
  it('accepts strings and null, and turns numbers and booleans into strings', () => {
    assert.deepEqual(parseConfigPatch({ A: 'x', B: null, C: 3, D: true }), { A: 'x', B: null, C: '3', D: 'true' })
  })

  it('names the offending key when a key is malformed', () => {
    assert.throws(() => parseConfigPatch({ 'BAD-KEY': 'x' }), invalid(/"BAD-KEY"/))
    assert.throws(() => parseConfigPatch({ '1ABC': 'x' }), invalid(/"1ABC"/))
  })

  it('refuses values that are objects or arrays, naming the key', () => {
    assert.throws(() => parseConfigPatch({ NESTED: { a: 1 } }), invalid(/NESTED/))
    assert.throws(() => parseConfigPatch({ LIST: ['a'] }), invalid(/LIST/))
  })

  it('refuses a body that is not an object', () => {
    assert.throws(() => parseConfigPatch(['A']), invalid(/JSON object/))
    assert.throws(() => parseConfigPatch('A=1'), invalid(/JSON object/))
  })
})

describe('applyConfigPatch', () => {
  it('reports only real changes', () => {
    const change = applyConfigPatch({ A: '1', B: '2' }, { A: '1', B: '3', C: '4', D: null, E: null })
    assert.deepEqual(change, { vars: { A: '1', B: '3', C: '4' }, set: ['B', 'C'], removed: [] })
    assert.deepEqual(applyConfigPatch({ A: '1' }, { A: null }), { vars: {}, set: [], removed: ['A'] })
  })

  it('refuses a result over 32 kB and names the largest key', () => {
    const big = 'x'.repeat(MAX_CONFIG_BYTES)
    assert.throws(() => applyConfigPatch({ SMALL: 'y' }, { HUGE: big }), invalid(/HUGE/))
    assert.doesNotThrow(() => applyConfigPatch({}, { OK: 'x'.repeat(MAX_CONFIG_BYTES - 2) }))
  })
})

describe('describeConfigChange', () => {
  it("uses Heroku's wording for sets, removals and mixed patches", () => {
    assert.equal(describeConfigChange(['FOO', 'BAR'], []), 'Set FOO, BAR config vars')
    assert.equal(describeConfigChange([], ['FOO']), 'Remove FOO config vars')
    assert.equal(describeConfigChange(['A'], ['B', 'C']), 'Set A and remove B, C config vars')
  })
})
