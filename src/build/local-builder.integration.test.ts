import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, describe, it } from 'node:test'
import { findSandbox } from '../main/find-sandbox.js'
import { NetworkFence } from '../sandbox/network-fence.js'
import { parseIpv4Network } from '../core/net/ipv4-network.js'
import { runBuilderContract } from './builder.contract.js'
import { LocalBuilder, type LocalBuilderOptions } from './local-builder.js'

const ROOT = new URL('../../', import.meta.url).pathname
const BUILDPACKS = join(ROOT, 'test/fixtures/buildpacks')

function localBuilderOptions(workDir: string, network: LocalBuilderOptions['network'] = null): LocalBuilderOptions {
  const sandbox = findSandbox('auto')
  return {
    workDir, builtinDir: join(ROOT, 'buildpacks'), allowedBuildpackPaths: [BUILDPACKS], network,
    bwrap: sandbox.bwrap, user: sandbox.user, timeoutMs: 60_000, maxSlugBytes: 50 * 1024 * 1024, maxSourceBytes: 50 * 1024 * 1024, stack: 'heroku-24',
  }
}

async function harness(fenced: boolean) {
  const workDir = mkdtempSync(join(tmpdir(), 'berth-builder-'))
  const network = fenced ? await NetworkFence.setUp({ network: parseIpv4Network('10.213.0.0/16')!, stateDir: join(workDir, 'netns') }) : null
  const options = localBuilderOptions(workDir, network)
  return {
    builder: new LocalBuilder(options),
    withLimits: (limits: { timeoutMs?: number; maxSlugBytes?: number }) => new LocalBuilder({ ...options, ...limits }),
    buildpack: (name: string) => join(BUILDPACKS, name),
    cleanup: async () => rmSync(workDir, { recursive: true, force: true }),
  }
}

runBuilderContract('LocalBuilder', () => harness(false))
if (process.getuid?.() === 0) runBuilderContract('LocalBuilder, each build in a fenced network', () => harness(true))

describe('LocalBuilder', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'berth-builder-'))
  const builder = new LocalBuilder(localBuilderOptions(workDir))
  after(() => rmSync(workDir, { recursive: true, force: true }))

  it('moves only honest directories listed in .berth-keep into the cache', async () => {
    const tgz = spawnSync('tar', ['-czf', '-', '-C', join(ROOT, 'test/fixtures/apps/custom-buildpack'), '.']).stdout
    const slug = await builder.build({
      appId: 'app-keeper', source: { kind: 'tarball', open: async () => Readable.from([tgz]) }, buildpacks: [join(BUILDPACKS, 'keeper')],
      configVars: {}, sourceVersion: null, onLine: () => undefined,
    })
    await slug.dispose()
    const cache = join(workDir, 'cache', 'app-keeper')
    assert.deepEqual(readdirSync(cache).sort(), ['good-cache', 'nested-cache'])
    assert.equal(readFileSync(join(cache, 'good-cache', 'file'), 'utf8'), 'kept\n')
    assert.equal(readFileSync(join(cache, 'nested-cache', 'file'), 'utf8'), 'nested\n')
    assert.equal(existsSync(join(workDir, 'escaped')), false)
  })
})
