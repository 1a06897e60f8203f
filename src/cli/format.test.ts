import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { absoluteTime, byteSize, certificateTime, createStyle, keyValues, relativeTime, table } from './format.js'

describe('CLI formatting', () => {
  it('prints certificate dates to the minute in UTC, as heroku certs does', () => {
    assert.equal(certificateTime('2030-06-01T12:34:56Z'), '2030-06-01 12:34 UTC')
  })

  it('prints sizes in whole units of 1024, as the heroku CLI does', () => {
    assert.deepEqual([0, 512, 38_000, 5 * 1024 * 1024 + 1, 3 * 1024 ** 3].map(byteSize), ['0 B', '512 B', '37 KB', '5 MB', '3 GB'])
  })

  it('aligns table columns by their widest cell, ignoring colour codes', () => {
    const bold = createStyle(true).bold
    assert.equal(table([['v10', 'Deploy', 'a@b.c'], [bold('v9'), 'Set FOO config vars', 'x@y.z']]), 'v10  Deploy               a@b.c\n\u001b[1mv9\u001b[22m   Set FOO config vars  x@y.z')
    assert.equal(table([['web', '1']], ['Type', 'Qty']), 'Type  Qty\n────  ───\nweb   1')
  })

  it('aligns key: value blocks and leaves out absent values', () => {
    assert.equal(keyValues([['Git URL', 'http://x/a.git'], ['Owner', 'me'], ['Stack', null]]), 'Git URL: http://x/a.git\nOwner:   me')
  })

  it("prints Heroku's absolute times and short relative ones", () => {
    assert.equal(absoluteTime('2026-11-28T05:39:25Z'), '2026/11/28 05:39:25 +0000')
    const now = new Date('2026-11-28T06:00:00Z')
    assert.equal(relativeTime('2026-11-28T05:59:30Z', now), '30s ago')
    assert.equal(relativeTime('2026-11-28T05:39:25Z', now), '20m ago')
    assert.equal(relativeTime('2026-11-25T06:00:00Z', now), '3d ago')
  })

  it('colours only when asked', () => {
    assert.equal(createStyle(false).green('ok'), 'ok')
    assert.equal(createStyle(true).green('ok'), '\u001b[32mok\u001b[39m')
  })
})
