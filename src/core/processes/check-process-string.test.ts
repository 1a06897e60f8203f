import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlatformError } from '../errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from './check-process-string.js'

const invalid = (pattern: RegExp) => (error: unknown) => error instanceof PlatformError && error.id === 'invalid_params' && pattern.test(error.message)

describe('checkProcessString', () => {
  it('passes ordinary strings through, unicode included', () => {
    assert.equal(checkProcessString('echo héllo ✓', 'command', 100), 'echo héllo ✓')
    assert.equal(checkProcessString('', 'command', 0), '')
  })

  it('refuses a NUL anywhere, naming the field', () => {
    for (const value of ['\0', 'echo \0', 'a\0b', '\0tail']) {
      assert.throws(() => checkProcessString(value, 'The command', 100), invalid(/^The command may not contain NUL/))
    }
  })

  it('counts UTF-8 bytes, not characters, against the limit', () => {
    assert.equal(checkProcessString('é'.repeat(5), 'value', 10), 'é'.repeat(5))
    assert.throws(() => checkProcessString('é'.repeat(6), 'value', 10), invalid(/^value is 12 bytes long, over the 10-byte limit\.$/))
  })

  it('keeps every limit under what Linux accepts for one argv or env string', () => {
    for (const limit of Object.values(PROCESS_STRING_LIMITS)) assert.ok(limit > 0 && limit < 128 * 1024)
  })
})
