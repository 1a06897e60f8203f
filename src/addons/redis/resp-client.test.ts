import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeCommand, parseResp, RedisReplyError } from './resp-client.js'

describe('RESP parsing', () => {
  it('reads simple strings, integers, bulk strings, nulls and nested arrays', () => {
    assert.deepEqual(parseResp(Buffer.from('+OK\r\n')), { value: 'OK', end: 5 })
    assert.deepEqual(parseResp(Buffer.from(':42\r\n')), { value: 42, end: 5 })
    assert.deepEqual(parseResp(Buffer.from('$4\r\nhé!\r\n')), { value: 'hé!', end: 10 })
    assert.deepEqual(parseResp(Buffer.from('$-1\r\n')), { value: null, end: 5 })
    assert.deepEqual(parseResp(Buffer.from('*2\r\n$1\r\n0\r\n*1\r\n$3\r\nk:1\r\n'))?.value, ['0', ['k:1']])
  })

  it('returns null until a whole value has arrived', () => {
    assert.equal(parseResp(Buffer.from('$5\r\nhel')), null)
    assert.equal(parseResp(Buffer.from('*2\r\n:1\r\n')), null)
    assert.equal(parseResp(Buffer.from('+OK')), null)
  })

  it('turns -ERR replies into RedisReplyError', () => {
    const parsed = parseResp(Buffer.from('-NOPERM this user has no permissions\r\n'))
    assert.ok(parsed?.value instanceof RedisReplyError)
    assert.match((parsed.value as Error).message, /^NOPERM/)
  })

  it('encodes commands as arrays of bulk strings, counting bytes', () => {
    assert.equal(encodeCommand(['SET', 'k', 'é']).toString(), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n')
  })
})
