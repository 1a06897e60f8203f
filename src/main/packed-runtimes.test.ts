import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import { describe, it } from 'node:test'
import type { RuntimeRef } from '../runtimes/runtime-store.js'
import { packedRuntimes } from './packed-runtimes.js'

describe('packedRuntimes', () => {
  it('serves the store\'s tarball of a runtime and gives its sha256, asking the store by ref', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-packed-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'node-20.11.1.tgz'), 'the tarball')
    const asked: RuntimeRef[] = []
    const runtimes = packedRuntimes({ archive: async (ref) => { asked.push(ref); return { path: join(dir, `${ref.name}-${ref.version}.tgz`), sha256: 'ab'.repeat(32) } } })
    assert.equal(await text(await runtimes.open('node@20.11.1')), 'the tarball')
    assert.equal(await runtimes.sha256('node@20.11.1'), 'ab'.repeat(32))
    assert.deepEqual(asked, [{ name: 'node', version: '20.11.1' }, { name: 'node', version: '20.11.1' }])
  })

  it('refuses a ref that names no runtime Berth provides, without asking the store', async () => {
    const runtimes = packedRuntimes({ archive: async () => assert.fail('the store was asked') })
    await assert.rejects(runtimes.sha256('python@3.12.4'), /python@3\.12\.4 is not a runtime Berth provides/)
    await assert.rejects(runtimes.open('node@../../etc'), /is not a runtime Berth provides/)
  })
})
