import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import { describe, it } from 'node:test'
import { LogBuffer } from './log-buffer.js'
import { streamLogs } from './log-stream.js'

/** A response that records writes and can pretend its client stopped reading. */
function fakeResponse() {
  const res = new EventEmitter() as EventEmitter & { writableLength: number; written: string[] }
  Object.assign(res, {
    writableLength: 0, written: [] as string[],
    writeHead: () => res, write: (chunk: string) => res.written.push(chunk), end: () => undefined,
    cork: () => undefined, uncork: () => undefined,
  })
  return res
}

describe('streamLogs', () => {
  it('skips ahead for a tail that cannot keep up, then tells it with L11', async () => {
    const buffer = new LogBuffer()
    const res = fakeResponse()
    streamLogs(buffer, res as unknown as ServerResponse, { appId: 'a', filter: () => true, lines: 0, tail: true, sse: false, lastEventId: null, maxBufferedBytes: 100 })
    const say = (message: string) => buffer.write({ appId: 'a', source: 'app', process: 'web.1', message, releaseVersion: 1 })
    say('kept')
    res.writableLength = 1000
    say('lost 1')
    say('lost 2')
    res.writableLength = 0
    say('after')
    await new Promise((resolve) => setImmediate(resolve))
    const text = res.written.join('')
    assert.match(text, /app\[web\.1\]: kept\n/)
    assert.doesNotMatch(text, /lost/)
    assert.match(text, /heroku\[logplex\]: Error L11 \(Tail buffer overflow\) -> This tail session dropped 2 messages since \S+\n.*app\[web\.1\]: after\n$/)
    res.emit('close')
  })

  it('keeps a dyno\'s lines in order', async () => {
    const buffer = new LogBuffer()
    const res = fakeResponse()
    streamLogs(buffer, res as unknown as ServerResponse, { appId: 'a', filter: () => true, lines: 0, tail: true, sse: true, lastEventId: null })
    for (let i = 0; i < 200; i++) buffer.write({ appId: 'a', source: 'app', process: 'web.1', message: `n${i}`, releaseVersion: 1 })
    await new Promise((resolve) => setImmediate(resolve))
    const order = [...res.written.join('').matchAll(/: n(\d+)\n/g)].map((m) => Number(m[1]))
    assert.deepEqual(order, Array.from({ length: 200 }, (_, i) => i))
    res.emit('close')
  })
})
