import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ResponseParseError, ResponseParser, type ResponseHead } from './response-parser.js'

interface Parsed {
  head: ResponseHead | null
  body: string
  ends: boolean[]
}

/** Feeds `wire` in pieces of `step` bytes (every split point gets exercised), then optionally the close. */
function parse(wire: string, { step = wire.length, noBody = false, close = false } = {}): Parsed {
  const parsed: Parsed = { head: null, body: '', ends: [] }
  const parser = new ResponseParser({
    head: (head) => { parsed.head = head },
    body: (chunk) => { parsed.body += chunk.toString('latin1') },
    end: (reusable) => { parsed.ends.push(reusable) },
  })
  parser.reset(noBody)
  const bytes = Buffer.from(wire, 'latin1')
  for (let i = 0; i < bytes.length; i += Math.max(1, step)) parser.push(bytes.subarray(i, i + Math.max(1, step)))
  if (close) parser.close()
  return parsed
}

/** The same result whatever way the bytes are split. */
function parseEverySplit(wire: string, options: { noBody?: boolean; close?: boolean } = {}): Parsed {
  const whole = parse(wire, options)
  for (const step of [1, 2, 3, 7]) assert.deepEqual(parse(wire, { ...options, step }), whole, `split every ${step} bytes`)
  return whole
}

describe('the router reading a dyno\'s response', () => {
  it('reads a Content-Length body and leaves the connection reusable', () => {
    const parsed = parseEverySplit('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello')
    assert.deepEqual(parsed, { head: { status: 200, headers: ['Content-Type', 'text/plain', 'Content-Length', '5'], untilClose: false }, body: 'hello', ends: [true] })
  })

  it('decodes chunked bodies with extensions and trailers, and drops a Content-Length beside them', () => {
    const parsed = parseEverySplit('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n5;ext=1\r\nhello\r\n1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n')
    assert.deepEqual(parsed, { head: { status: 200, headers: [], untilClose: false }, body: 'hello!', ends: [true] })
  })

  it('removes hop-by-hop headers and those the Connection header names', () => {
    const parsed = parse('HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Secret\r\nKeep-Alive: timeout=5\r\nX-Secret: 1\r\nX-Kept: 2\r\nContent-Length: 0\r\n\r\n')
    assert.deepEqual(parsed.head?.headers, ['X-Kept', '2', 'Content-Length', '0'])
    assert.deepEqual(parsed.ends, [true])
  })

  it('reads a body without length until the dyno closes, and never reuses that connection', () => {
    const parsed = parseEverySplit('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nstreamed until close', { close: true })
    assert.deepEqual(parsed, { head: { status: 200, headers: ['Content-Type', 'text/plain'], untilClose: true }, body: 'streamed until close', ends: [false] })
  })

  it('expects no body after HEAD, 204 and 304, whatever Content-Length says', () => {
    assert.deepEqual(parse('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n', { noBody: true }).ends, [true])
    assert.deepEqual(parse('HTTP/1.1 204 No Content\r\n\r\n').ends, [true])
    assert.deepEqual(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n').ends, [true])
  })

  it('skips interim 1xx responses and reads the final one', () => {
    const parsed = parseEverySplit('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok')
    assert.equal(parsed.head?.status, 201)
    assert.equal(parsed.body, 'ok')
  })

  it('keeps an HTTP/1.0 connection only when the dyno asks for keep-alive, and honours Connection: close', () => {
    assert.deepEqual(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').ends, [false])
    assert.deepEqual(parse('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n').ends, [true])
    assert.deepEqual(parse('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').ends, [false])
  })

  it('does not reuse a connection that sent bytes nobody asked for', () => {
    assert.deepEqual(parse('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n').ends, [false])
  })

  it('rejects malformed responses instead of guessing', () => {
    const bad = [
      'HTTP/2 200 OK\r\n\r\n',
      'HTTP/1.1 2000 OK\r\n\r\n',
      'HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n',
      'HTTP/1.1 200 OK\r\nX: a\x00b\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno colon\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n',
      'HTTP/1.1 101 Switching Protocols\r\n\r\n',
    ]
    for (const wire of bad) assert.throws(() => parse(wire), ResponseParseError, JSON.stringify(wire))
    assert.throws(() => parse('HTTP/1.1 200 OK\r\nX: ' + 'a'.repeat(70_000)), /too large/)
  })

  it('reads 500 generated responses back exactly, however they are framed and split', () => {
    // A small seeded generator, so a failure names a case that can be run again.
    let seed = 20261128
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    for (let round = 0; round < 500; round++) {
      const status = 200 + random(300)
      // 204 and 304 never have a body.
      const bodyless = status === 204 || status === 304
      const body = bodyless ? '' : Buffer.from(Array.from({ length: random(3) === 0 ? 0 : random(3000) }, () => random(256))).toString('latin1')
      const headers = Array.from({ length: random(5) }, (_, i) => [`X-Field-${i}`, 'v'.repeat(random(40))] as const)
      const framing = ['length', 'chunked', 'close'][random(3)]
      let wire = `HTTP/1.1 ${status} Reason\r\n` + headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')
      if (framing === 'length') wire += `Content-Length: ${body.length}\r\n\r\n${body}`
      else if (framing === 'close') wire += `\r\n${body}`
      else {
        wire += 'Transfer-Encoding: chunked\r\n\r\n'
        for (let at = 0; at < body.length;) {
          const size = Math.min(body.length - at, 1 + random(700))
          wire += `${size.toString(16)}${random(4) === 0 ? ';ext=1' : ''}\r\n${body.slice(at, at + size)}\r\n`
          at += size
        }
        if (!bodyless) wire += '0\r\n\r\n'
      }
      const parsed = parse(wire, { step: 1 + random(wire.length), close: framing === 'close' && !bodyless })
      const context = `round ${round} (${framing}, status ${status})`
      assert.equal(parsed.head?.status, status, context)
      assert.deepEqual(parsed.head?.headers.slice(0, headers.length * 2), headers.flat(), context)
      assert.equal(parsed.body, body, context)
      assert.deepEqual(parsed.ends, [framing !== 'close' || bodyless], context)
    }
  })

  it('calls a response cut short by the connection closing an error', () => {
    assert.throws(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf', { close: true }), /closed before the response was complete/)
    assert.throws(() => parse('HTTP/1.1 200 O', { close: true }), ResponseParseError)
  })
})
