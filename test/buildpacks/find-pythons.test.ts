import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'

const require = createRequire(import.meta.url)
const { findPythons } = require('../../buildpacks/python/lib/find-pythons.cjs') as {
  findPythons(runtimesDir?: string, versionsFile?: string): { version: string; python: string; origin: string }[]
}

describe('the Python buildpack\'s machine interpreters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-find-pythons-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'cache', 'python-versions.json')
  const machine = findPythons()
  const skip = machine.length === 0 ? 'this machine has no python3.x' : false

  it('remembers each interpreter\'s version in the cache, and trusts it only for the same binary', { skip }, () => {
    assert.deepEqual(findPythons(undefined, file), machine)
    const remembered = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { id: string; version: string }>
    const python = machine[0]!.python
    const stat = statSync(python)
    assert.equal(remembered[python]!.id, `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`)

    // Not asked again while the binary is the same file…
    writeFileSync(file, JSON.stringify({ ...remembered, [python]: { id: remembered[python]!.id, version: '3.99.0' } }))
    assert.equal(findPythons(undefined, file).find((p) => p.python === python)!.version, '3.99.0')
    // …and asked again once it is not.
    writeFileSync(file, JSON.stringify({ [python]: { id: 'another binary', version: '3.99.0' } }))
    assert.deepEqual(findPythons(undefined, file), machine)
    writeFileSync(file, 'not json')
    assert.deepEqual(findPythons(undefined, file), machine)
  })
})
