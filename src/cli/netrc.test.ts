import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNetrc, setNetrcEntry } from './netrc.js'

describe('.netrc', () => {
  const existing = 'machine github.com\n  login me\n  password gh-token\nmachine 127.0.0.1 login old@x password old-token\n'

  it('reads machine, login and password in either layout', () => {
    assert.deepEqual(parseNetrc(existing), [
      { machine: 'github.com', login: 'me', password: 'gh-token' },
      { machine: '127.0.0.1', login: 'old@x', password: 'old-token' },
    ])
  })

  it("replaces or removes one machine's entry and keeps the others", () => {
    const replaced = setNetrcEntry(existing, '127.0.0.1', { login: 'dev@x', password: 'new-token' })
    assert.deepEqual(parseNetrc(replaced).map((e) => [e.machine, e.password]), [['github.com', 'gh-token'], ['127.0.0.1', 'new-token']])
    assert.deepEqual(parseNetrc(setNetrcEntry(replaced, '127.0.0.1', null)).map((e) => e.machine), ['github.com'])
    assert.equal(setNetrcEntry('', 'h', { login: 'a', password: 'b' }), 'machine h\n  login a\n  password b\n')
  })
})
