import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlatformError } from '../core/errors/platform-error.js'
import { paginate, parseRange, rangeHeaders } from './range.js'

const spec = { fields: ['version', 'id'] }

describe('parseRange', () => {
  it('reads every spelling the Heroku CLI sends', () => {
    assert.deepEqual(parseRange('version ..; max=15, order=desc', spec), { field: 'version', startExclusive: false, max: 15, order: 'desc' })
    assert.deepEqual(parseRange('version ..; order=desc,max=1', spec), { field: 'version', startExclusive: false, max: 1, order: 'desc' })
    assert.deepEqual(parseRange('id ..; max=1000;', spec), { field: 'id', startExclusive: false, max: 1000, order: 'asc' })
    assert.deepEqual(parseRange('', spec), { field: 'version', startExclusive: false, max: 200, order: 'asc' })
    assert.deepEqual(parseRange(undefined, spec), { field: 'version', startExclusive: false, max: 200, order: 'asc' })
  })

  it('reads bounds, exclusive starts, and caps max at 1000', () => {
    assert.deepEqual(parseRange('version ]5..9; max=5000', spec), { field: 'version', start: '5', end: '9', startExclusive: true, max: 1000, order: 'asc' })
    assert.deepEqual(parseRange('version 3..', spec), { field: 'version', start: '3', startExclusive: false, max: 200, order: 'asc' })
  })

  it('falls back to the default field for an unknown one', () => {
    assert.equal(parseRange('created_at ..; max=3', spec).field, 'version')
  })

  it('answers 416 for malformed ranges', () => {
    for (const bad of ['version ..; max=0', 'version ..; max=abc', 'version ..; order=sideways', 'version ..; foo=1', '!!!']) {
      assert.throws(() => parseRange(bad, spec), (e: unknown) => e instanceof PlatformError && e.id === 'requested_range_not_satisfiable', bad)
    }
  })
})

describe('rangeHeaders', () => {
  it('sends Next-Range only when the page was truncated', () => {
    const range = parseRange('version ..; max=2, order=desc', spec)
    assert.deepEqual(rangeHeaders(spec, range, '9', '8', true), {
      'Accept-Ranges': 'version, id', 'Content-Range': 'version 9..8', 'Next-Range': 'version ]8..; max=2, order=desc',
    })
    assert.equal(rangeHeaders(spec, range, '2', '1', false)['Next-Range'], undefined)
  })
})

describe('paginate', () => {
  it('pages in memory by field in either order with exclusive starts', () => {
    const items = ['d', 'a', 'c', 'b'].map((name) => ({ name }))
    const value = (item: { name: string }) => item.name
    assert.deepEqual(paginate(items, parseRange('name ..; max=2', { fields: ['name'] }), value), { page: [{ name: 'a' }, { name: 'b' }], more: true })
    assert.deepEqual(paginate(items, parseRange('name ]b..; max=2', { fields: ['name'] }), value), { page: [{ name: 'c' }, { name: 'd' }], more: false })
    assert.deepEqual(paginate(items, parseRange('name ..; order=desc, max=1', { fields: ['name'] }), value).page, [{ name: 'd' }])
  })
})
