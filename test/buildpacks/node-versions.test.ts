import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'

const load = createRequire(import.meta.url)
const { pickNodeVersion, describeAvailable, npmSpecFor } = load('../../buildpacks/nodejs/lib/node-versions.cjs')
const { choosePackageManager, packageManagerCommands } = load('../../buildpacks/nodejs/lib/package-manager.cjs')

const VERSIONS = ['16.20.2', '18.9.1', '18.20.8', '18.20.7', '19.8.1', '20.20.2', '20.0.0-rc.1', '22.23.5', '24.22.3', 'junk']

describe('choosing a Node.js version for engines.node', () => {
  it('picks the newest release in the range, never a prerelease', () => {
    assert.equal(pickNodeVersion('18.x', VERSIONS), '18.20.8')
    assert.equal(pickNodeVersion('>=16 <19', VERSIONS), '18.20.8')
    assert.equal(pickNodeVersion('20', VERSIONS), '20.20.2')
    assert.equal(pickNodeVersion('^18.9.0 <18.10', VERSIONS), '18.9.1')
    assert.equal(pickNodeVersion('>=20.0.0-rc.0 <20.1', ['20.0.0-rc.1']), null)
    assert.equal(pickNodeVersion('99.x', VERSIONS), null)
  })

  it('names the newest release of each major when nothing matches', () => {
    assert.equal(describeAvailable(VERSIONS, 4), '24.22.3, 22.23.5, 20.20.2, 19.8.1')
  })

  it('installs an npm that runs on the chosen Node', () => {
    assert.equal(npmSpecFor('18.20.8'), 'npm@10')
    assert.equal(npmSpecFor('16.20.2'), 'npm@9')
    assert.equal(npmSpecFor('14.15.0'), 'npm@8')
    assert.equal(npmSpecFor('10.24.1'), 'npm@6')
  })
})

describe('choosing a package manager', () => {
  const app = (files: Record<string, string>) => ({ has: (f: string) => f in files, read: (f: string) => files[f]! })

  it('follows the lock file: pnpm, then yarn, then npm', () => {
    assert.deepEqual(choosePackageManager({}, app({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" })),
      { name: 'pnpm', spec: 'pnpm@9', hash: null, berry: false, lockfile: 'pnpm-lock.yaml', others: [] })
    assert.equal(choosePackageManager({}, app({ 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" })).spec, 'pnpm@8')
    assert.equal(choosePackageManager({}, app({ 'yarn.lock': '# yarn lockfile v1\n' })).spec, 'yarn@1')
    assert.equal(choosePackageManager({}, app({ 'yarn.lock': '__metadata:\n  version: 8\n' })).spec, '@yarnpkg/cli-dist@4')
    assert.deepEqual(choosePackageManager({}, app({ 'package-lock.json': '{}' })), { name: 'npm', spec: null, hash: null, berry: false, lockfile: 'package-lock.json', others: [] })
    assert.equal(choosePackageManager({}, app({})).lockfile, null)
  })

  it('lets packageManager win, with its pinned hash, and names the lock files it ignores', () => {
    const pm = choosePackageManager({ packageManager: 'yarn@4.5.0+sha512.abc123' }, app({ 'yarn.lock': '', 'package-lock.json': '{}' }))
    assert.deepEqual(pm, { name: 'yarn', spec: '@yarnpkg/cli-dist@4.5.0', hash: 'sha512.abc123', berry: true, lockfile: 'yarn.lock', others: ['package-lock.json'] })
    assert.throws(() => choosePackageManager({ packageManager: 'bun@1.0.0' }, app({})), /"packageManager" "bun@1.0.0" is not npm@<version>/)
  })

  it('installs frozen to the lock file, devDependencies included, and prunes them after', () => {
    const yarn = packageManagerCommands({ name: 'yarn', berry: false, lockfile: 'yarn.lock' })
    assert.deepEqual(yarn.install, ['yarn', 'install', '--frozen-lockfile', '--prefer-offline', '--non-interactive', '--production=false'])
    assert.deepEqual(yarn.prune, ['yarn', 'install', '--frozen-lockfile', '--prefer-offline', '--non-interactive', '--production=true'])
    const pnpm = packageManagerCommands({ name: 'pnpm', berry: false, lockfile: 'pnpm-lock.yaml' })
    assert.deepEqual([pnpm.install, pnpm.prune, pnpm.run('build')], [['pnpm', 'install', '--frozen-lockfile', '--prod=false'], ['pnpm', 'prune', '--prod'], ['pnpm', 'run', 'build']])
    assert.deepEqual(packageManagerCommands({ name: 'yarn', berry: true, lockfile: 'yarn.lock' }).install, ['yarn', 'install', '--immutable'])
    assert.deepEqual(packageManagerCommands({ name: 'npm', berry: false, lockfile: null }).install, ['npm', 'install', '--prefer-offline', '--include=dev'])
  })
})
