import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'

interface Toolchain { version?: string; source?: string; download?: boolean; error?: string }
interface Jdk { major: number; home: string; source: string }
const require = createRequire(import.meta.url)
const { findToolchain } = require('../../buildpacks/go/lib/find-toolchain.cjs') as {
  findToolchain(input: { mod: object; required: string | null; modCache: string; runtimesDir?: string }): Toolchain
}
const { listJdks } = require('../../buildpacks/java/lib/find-jdk.cjs') as { listJdks(runtimesDir?: string): Jdk[] }

const MACHINE_GO = '/usr/local/go'

describe('where the Go and Java buildpacks find runtimes', () => {
  const root = mkdtempSync(join(tmpdir(), 'berth-runtime-lookup-'))
  after(() => rmSync(root, { recursive: true, force: true }))

  it('prefers a toolchain in the build cache, then the operator\'s, then the machine\'s Go', () => {
    const modCache = join(root, 'mod')
    const runtimes = join(root, 'runtimes')
    assert.equal(findToolchain({ mod: {}, required: '1.22', modCache, runtimesDir: runtimes }).source, 'this machine')
    mkdirSync(join(runtimes, 'go'), { recursive: true })
    symlinkSync(MACHINE_GO, join(runtimes, 'go', 'machine-copy'))
    assert.match(findToolchain({ mod: {}, required: '1.22', modCache, runtimesDir: runtimes }).source ?? '', /^the operator's runtimes/)
    const cached = join(modCache, 'golang.org', 'toolchain@v0.0.1-go1.99.1.linux-amd64', 'bin')
    mkdirSync(cached, { recursive: true })
    writeFileSync(join(cached, 'go'), '')
    assert.deepEqual(findToolchain({ mod: { go: '1.99' }, required: '1.99', modCache, runtimesDir: runtimes }), {
      version: '1.99.1', bin: join(cached, 'go'), source: 'the build cache', env: { GOTOOLCHAIN: 'local' },
    })
  })

  it('lists the operator\'s JDKs before the machine\'s, by the major version in their release file', () => {
    const jdk = join(root, 'runtimes', 'java', '21')
    mkdirSync(join(jdk, 'bin'), { recursive: true })
    writeFileSync(join(jdk, 'bin', 'javac'), '')
    writeFileSync(join(jdk, 'release'), 'JAVA_VERSION="21.0.5"\n')
    const jdks = listJdks(join(root, 'runtimes'))
    assert.deepEqual(jdks[0], { major: 21, version: '21.0.5', home: jdk, source: 'the operator\'s runtimes' })
    assert.ok(jdks.some((j) => j.major === 17 && j.source === 'this machine'))
  })
})
