import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlatformError } from '../errors/platform-error.js'
import { parseProcfile } from './parse-procfile.js'

describe('parseProcfile', () => {
  it('reads types and commands, skipping blanks and comments', () => {
    assert.deepEqual(parseProcfile('web: node server.js\n\n# a comment\nworker:  node worker.js --fast \r\nrelease: ./migrate'), {
      web: 'node server.js', worker: 'node worker.js --fast', release: './migrate',
    })
  })

  it('keeps colons inside commands', () => {
    assert.deepEqual(parseProcfile('web: bin/serve --bind 0.0.0.0:$PORT'), { web: 'bin/serve --bind 0.0.0.0:$PORT' })
  })

  it('names the line of a malformed or repeated entry', () => {
    assert.throws(() => parseProcfile('web: a\nnot a process line'), (e: unknown) => e instanceof PlatformError && /line 2/.test(e.message))
    assert.throws(() => parseProcfile('web: a\nweb: b'), (e: unknown) => e instanceof PlatformError && /"web" twice/.test(e.message))
  })
})
