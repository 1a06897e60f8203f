import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'

interface Runtime { version: string; python: string; origin: string }
const { requestedVersion, chooseRuntime, describeVersions } = createRequire(import.meta.url)('../../buildpacks/python/lib/python-version.cjs') as {
  requestedVersion(files: { runtimeTxt: string | null; pythonVersion: string | null }): { version?: string; source?: string; error?: string } | null
  chooseRuntime(requested: string | null, available: Runtime[]): Runtime | null
  describeVersions(available: Runtime[]): string
}

const AVAILABLE: Runtime[] = [
  { version: '3.12.4', python: '/runtimes/python/3.12.4/bin/python3', origin: 'operator' },
  { version: '3.11.2', python: '/runtimes/python/3.11.2/bin/python3', origin: 'operator' },
  { version: '3.11.9', python: '/runtimes/python/3.11.9/bin/python3', origin: 'operator' },
  { version: '3.11.2', python: '/usr/bin/python3.11', origin: 'machine' },
]

describe('the Python buildpack version choice', () => {
  it('reads runtime.txt before .python-version, as Heroku does', () => {
    assert.deepEqual(requestedVersion({ runtimeTxt: 'python-3.11.2\n', pythonVersion: '3.12\n' }), { version: '3.11.2', source: 'runtime.txt' })
    assert.deepEqual(requestedVersion({ runtimeTxt: null, pythonVersion: '# pinned\n3.12\n' }), { version: '3.12', source: '.python-version' })
    assert.equal(requestedVersion({ runtimeTxt: null, pythonVersion: null }), null)
  })

  it('refuses versions it cannot read, quoting them', () => {
    assert.match(requestedVersion({ runtimeTxt: '3.11', pythonVersion: null })!.error!, /runtime\.txt: "3\.11"/)
    assert.match(requestedVersion({ runtimeTxt: null, pythonVersion: 'pypy3.10\n' })!.error!, /\.python-version: "pypy3\.10"/)
    assert.match(requestedVersion({ runtimeTxt: null, pythonVersion: '3.11\n3.12\n' })!.error!, /one version/)
  })

  it('takes the newest patch for major.minor, only the exact one for major.minor.patch, and the newest of all by default', () => {
    assert.equal(chooseRuntime('3.11', AVAILABLE)!.version, '3.11.9')
    assert.equal(chooseRuntime('3.11.2', AVAILABLE)!.python, '/runtimes/python/3.11.2/bin/python3', 'the operator\'s runtime comes first in the lookup order')
    assert.equal(chooseRuntime(null, AVAILABLE)!.version, '3.12.4')
    assert.equal(chooseRuntime('3.11.5', AVAILABLE), null)
    assert.equal(chooseRuntime('3.1', AVAILABLE), null)
  })

  it('names each available version once, oldest first', () => {
    assert.equal(describeVersions(AVAILABLE), '3.11.2, 3.11.9, 3.12.4')
  })
})
