import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DrainQueue } from './drain-queue.js'
import { logplexFrame, syslogFrame } from './frames.js'

const line = (message: string) => ({ appId: 'a', source: 'app' as const, process: 'web.1', message, releaseVersion: 3, id: 1, atMicros: Date.UTC(2026, 10, 28, 2, 55, 24) * 1000 + 470866 })

describe('drain frames', () => {
  it('are RFC 5424 with octet counting, carrying the drain token for syslog', () => {
    assert.equal(syslogFrame(line('hello'), 'd.123'), '65 <190>1 2026-11-28T02:55:24.470866+00:00 d.123 app web.1 - - hello')
    const body = '<190>1 2026-11-28T02:55:24.470866+00:00 host app web.1 - hello'
    assert.equal(logplexFrame(line('hello')), `${body.length} ${body}`)
    assert.equal(syslogFrame(line('é'), 'd.1').split(' ')[0], String(Buffer.byteLength(syslogFrame(line('é'), 'd.1').replace(/^\d+ /, ''))))
  })
})

describe('DrainQueue', () => {
  it('drops past its capacity and reports the loss with L10 before the next lines', () => {
    const queue = new DrainQueue(2)
    for (const m of ['a', 'b', 'c', 'd']) queue.push(line(m))
    const taken = queue.take(10)
    assert.match(taken[0]!.message, /^Error L10 \(output buffer overflow\): 2 messages dropped since 2026-11-28T02:55:24\.470Z\.$/)
    assert.deepEqual(taken.slice(1).map((l) => l.message), ['a', 'b'])
    assert.equal(taken[0]!.process, 'logplex')
    assert.equal(queue.take(10).length, 0)
  })

  it('does not let an L10 notice take a real line\'s place when a delivery fails', () => {
    const queue = new DrainQueue(2)
    for (const m of ['a', 'b', 'c']) queue.push(line(m))
    for (let attempt = 0; attempt < 3; attempt++) queue.restore(queue.take(10))
    const taken = queue.take(10)
    assert.match(taken[0]!.message, /: 1 messages dropped/)
    assert.deepEqual(taken.slice(1).map((l) => l.message), ['a', 'b'])
  })

  it('keeps undelivered lines in order when they are put back', () => {
    const queue = new DrainQueue(10)
    for (const m of ['a', 'b', 'c']) queue.push(line(m))
    queue.restore(queue.take(2))
    assert.deepEqual(queue.take(10).map((l) => l.message), ['a', 'b', 'c'])
  })
})
