import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { describeEscapedError } from './process-guard.js'

describe('describeEscapedError', () => {
  it('keeps the type, code and stack but not the value Node quotes after "Received"', () => {
    const error = Object.assign(new TypeError("The argument 'options.env['API_SECRET']' must be a string without null bytes. Received 'hunter2\\x00'"), { code: 'ERR_INVALID_ARG_VALUE' })
    const described = describeEscapedError(error)
    assert.equal(described.type, 'TypeError')
    assert.equal(described.code, 'ERR_INVALID_ARG_VALUE')
    assert.equal(described.message, "The argument 'options.env['API_SECRET']' must be a string without null bytes. Received [redacted]")
    assert.ok(!described.stack!.includes('hunter2'))
    assert.match(described.stack!, /\n\s+at /)
  })

  it('cuts credentials out of URLs and does not log thrown non-errors', () => {
    assert.equal(describeEscapedError(new Error('connect to postgres://berth:s3cret@db:5432/x failed')).message, 'connect to postgres://[redacted]@db:5432/x failed')
    assert.deepEqual(describeEscapedError('s3cret'), { type: 'string', message: '[a thrown non-Error value, not logged]' })
  })
})

describe('installProcessGuard', () => {
  it('logs an unhandled rejection and an uncaught exception, and the process keeps running', () => {
    const script = `
      import { pino } from 'pino'
      import { installProcessGuard } from ${JSON.stringify(new URL('./process-guard.ts', import.meta.url).pathname)}
      installProcessGuard(pino({ name: 'process-guard' }))
      void Promise.reject(new Error('rejected with postgres://u:secret@h/db'))
      setTimeout(() => { throw new Error('thrown from a timer') }, 10)
      setTimeout(() => console.log('still serving'), 100)
    `
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 })
    assert.equal(result.status, 0, result.stderr)
    const lines = result.stdout.trim().split('\n')
    assert.equal(lines.at(-1), 'still serving')
    const logged = lines.slice(0, -1).map((line) => JSON.parse(line) as { msg: string; escaped: { message: string } })
    assert.deepEqual(logged.map((l) => l.msg), ['unhandled promise rejection (Berth keeps serving)', 'uncaught exception (Berth keeps serving)'])
    assert.deepEqual(logged.map((l) => l.escaped.message), ['rejected with postgres://[redacted]@h/db', 'thrown from a timer'])
    assert.ok(!result.stdout.includes('secret'))
  })
})
