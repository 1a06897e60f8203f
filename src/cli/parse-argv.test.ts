import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Command } from './command.js'
import { CliError } from './cli-error.js'
import { parseArgv } from './parse-argv.js'

const rollback: Pick<Command, 'args' | 'flags' | 'app'> = {
  app: true, args: [{ name: 'release' }], flags: { wait: { type: 'boolean', allowNo: true, description: '' } },
}

describe('parseArgv', () => {
  it('reads short, long and --flag=value forms, and --no-<flag>', () => {
    assert.deepEqual(parseArgv(rollback, ['v3', '-a', 'demo', '--no-wait']), { args: ['v3'], flags: { app: 'demo', wait: false } })
    assert.deepEqual(parseArgv(rollback, ['--app=demo', '-rberth']), { args: [], flags: { app: 'demo', remote: 'berth' } })
  })

  it('refuses unknown flags, missing values, extra and missing arguments', () => {
    const refused = (argv: string[], message: RegExp, command = rollback) =>
      assert.throws(() => parseArgv(command, argv), (e: unknown) => e instanceof CliError && message.test(e.message))
    refused(['--force'], /Unexpected flag --force/)
    refused(['-a'], /--app needs a value/)
    refused(['v3', 'v4'], /Unexpected argument: v4/)
    refused([], /Missing required argument: key/, { args: [{ name: 'key', required: true }] })
  })

  it('passes everything after the command of `run` through, and everything after --', () => {
    const run = { app: true, args: [{ name: 'command', required: true }], variadic: true, passThrough: true }
    assert.deepEqual(parseArgv(run, ['-a', 'demo', 'ls', '-la', '-a']), { args: ['ls', '-la', '-a'], flags: { app: 'demo' } })
    assert.deepEqual(parseArgv({ variadic: true }, ['--', '-x', 'y']), { args: ['-x', 'y'], flags: {} })
  })
})
