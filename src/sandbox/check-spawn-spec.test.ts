import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkSpawnSpec, MAX_SPAWN_STRING_BYTES, SpawnRefusedError } from './check-spawn-spec.js'
import { runCommand } from './run-command.js'

const spec = { file: '/bin/echo', args: ['hello'], env: { PATH: '/usr/bin:/bin', SECRET: 's3cret' }, cwd: '/' }
const refused = (pattern: RegExp) => (error: unknown) => error instanceof SpawnRefusedError && pattern.test(error.message) && !error.message.includes('s3cret')

describe('checkSpawnSpec', () => {
  it('passes an ordinary command', () => {
    assert.doesNotThrow(() => checkSpawnSpec(spec))
  })

  it('refuses a NUL anywhere: program, argument, environment name or value, working directory', () => {
    assert.throws(() => checkSpawnSpec({ ...spec, file: '/bin/echo\0x' }), refused(/the program contains a NUL/))
    assert.throws(() => checkSpawnSpec({ ...spec, args: ['echo \0'] }), refused(/argument 1 contains a NUL/))
    assert.throws(() => checkSpawnSpec({ ...spec, env: { ...spec.env, 'A\0B': 'x' } }), refused(/environment variable name/))
    assert.throws(() => checkSpawnSpec({ ...spec, env: { ...spec.env, SECRET: 's3cret\0' } }), refused(/the value of SECRET contains a NUL/))
    assert.throws(() => checkSpawnSpec({ ...spec, cwd: '/\0' }), refused(/working directory/))
  })

  it('refuses a string over the kernel limit, a name with "=", and too much in all', () => {
    assert.throws(() => checkSpawnSpec({ ...spec, args: ['x'.repeat(MAX_SPAWN_STRING_BYTES + 1)] }), refused(/argument 1 is longer than/))
    assert.throws(() => checkSpawnSpec({ ...spec, env: { 'A=B': 'x' } }), refused(/is not valid/))
    assert.throws(() => checkSpawnSpec({ ...spec, args: Array.from({ length: 20 }, () => 'x'.repeat(100_000)) }), refused(/total more than/))
  })

  it('makes runCommand reject instead of throwing inside spawn', async () => {
    await assert.rejects(runCommand({ ...spec, args: ['echo \0'] }), SpawnRefusedError)
  })
})
