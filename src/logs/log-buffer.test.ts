import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatLine, LogBuffer, MAX_LINE_BYTES, splitMessage } from './log-buffer.js'

const line = (message: string, process = 'web.1') => ({ appId: 'a', source: 'app' as const, process, message, releaseVersion: 3 })

describe('LogBuffer', () => {
  it('keeps only the last lines of each app, in order, with increasing ids', () => {
    const buffer = new LogBuffer(3)
    for (let i = 1; i <= 5; i++) buffer.write(line(`m${i}`))
    buffer.write({ ...line('other app'), appId: 'b' })
    const lines = buffer.recent('a', 10)
    assert.deepEqual(lines.map((l) => l.message), ['m3', 'm4', 'm5'])
    assert.ok(lines[0]!.id < lines[1]!.id && lines[1]!.id < lines[2]!.id)
    assert.deepEqual(buffer.recent('a', 2).map((l) => l.message), ['m4', 'm5'])
    assert.deepEqual(buffer.since('a', lines[1]!.id).map((l) => l.message), ['m5'])
  })

  it('filters and notifies subscribers', () => {
    const buffer = new LogBuffer()
    const seen: string[] = []
    const stop = buffer.subscribe('a', (l) => seen.push(l.message))
    buffer.write(line('one', 'web.1'))
    buffer.write(line('two', 'worker.1'))
    stop()
    buffer.write(line('three'))
    assert.deepEqual(seen, ['one', 'two'])
    assert.deepEqual(buffer.recent('a', 10, (l) => l.process.startsWith('worker')).map((l) => l.message), ['two'])
  })

  it('splits lines longer than 10,000 bytes', () => {
    const long = 'é'.repeat(MAX_LINE_BYTES)
    const chunks = splitMessage(long)
    assert.equal(chunks.join(''), long)
    assert.ok(chunks.every((c) => Buffer.byteLength(c) <= MAX_LINE_BYTES))
    const buffer = new LogBuffer()
    buffer.write(line('x'.repeat(25_000)))
    assert.deepEqual(buffer.recent('a', 10).map((l) => l.message.length), [10_000, 10_000, 5_000])
  })

  it('formats lines as Logplex does, with microseconds', () => {
    const buffer = new LogBuffer(10, () => Date.UTC(2026, 10, 28, 2, 55, 24) * 1000 + 470866)
    buffer.write({ appId: 'a', source: 'heroku', process: 'router', message: 'at=info', releaseVersion: null })
    assert.equal(formatLine(buffer.recent('a', 1)[0]!), '2026-11-28T02:55:24.470866+00:00 heroku[router]: at=info')
  })
})
