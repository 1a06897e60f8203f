import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, describe, it } from 'node:test'
import { findSandbox } from '../../src/main/find-sandbox.js'
import { LocalBuilder } from '../../src/build/local-builder.js'

const ROOT = new URL('../../', import.meta.url).pathname
const FIXTURES = join(ROOT, 'test/fixtures')

describe('the Java buildpack with a Maven wrapper', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'berth-java-mvnw-'))
  after(() => rmSync(workDir, { recursive: true, force: true }))
  const sandbox = findSandbox('auto')
  const builder = new LocalBuilder({
    workDir, builtinDir: join(ROOT, 'buildpacks'), allowedBuildpackPaths: [], network: null, bwrap: sandbox.bwrap, user: sandbox.user,
    timeoutMs: 600_000, maxSlugBytes: 50 * 1024 * 1024, maxSourceBytes: 50 * 1024 * 1024, stack: 'heroku-24',
  })

  it('builds with the app\'s mvnw, keeping the Maven it downloads in the cache and out of the slug', async () => {
    const app = join(workDir, 'source')
    cpSync(join(FIXTURES, 'apps/java-maven'), app, { recursive: true })
    cpSync(join(FIXTURES, 'maven-wrapper'), app, { recursive: true })
    const tgz = spawnSync('tar', ['-czf', '-', '-C', app, '.']).stdout
    const lines: string[] = []
    const slug = await builder.build({
      appId: 'mvnw-app', source: { kind: 'tarball', open: async () => Readable.from([tgz]) }, buildpacks: [],
      configVars: {}, sourceVersion: null, onLine: (line) => lines.push(line),
    })
    const unpacked = join(workDir, 'slug')
    spawnSync('mkdir', [unpacked])
    const chunks: Buffer[] = []
    for await (const chunk of slug.open()) chunks.push(chunk as Buffer)
    spawnSync('tar', ['-xzf', '-', '-C', unpacked], { input: Buffer.concat(chunks) })
    await slug.dispose()
    assert.ok(lines.includes('       $ ./mvnw -DskipTests package'), lines.join('\n'))
    assert.ok(lines.includes('[INFO] BUILD SUCCESS'), lines.join('\n'))
    const dists = join(workDir, 'cache', 'mvnw-app', 'm2', 'wrapper', 'dists')
    assert.ok(readdirSync(dists).some((name) => name.startsWith('apache-maven-3.9.9')), 'the wrapper\'s Maven is in the cache')
    assert.equal(existsSync(join(unpacked, '.m2')), false)
    assert.ok(existsSync(join(unpacked, 'target', 'dependency', 'gson-2.11.0.jar')))
    assert.match(spawnSync('cat', [join(unpacked, '.profile.d', 'jvmcommon.sh')], { encoding: 'utf8' }).stdout, /export JAVA_HOME="\/usr\/lib\/jvm\/java-17-openjdk-amd64"/)
    // A Standard-2X dyno sourcing it gets Heroku's heap for 1 GB (see jvm-profile.integration.test.ts).
    const sourced = spawnSync('bash', ['-c', '. "$1"; printf %s "$JAVA_TOOL_OPTIONS"', 'dyno', join(unpacked, '.profile.d', 'jvmcommon.sh')],
      { env: { PATH: '/usr/bin:/bin', BERTH_DYNO_MEMORY_MB: '1024' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    assert.match(sourced.stdout, /^-XX:MaxRAM=1073741824 -Xmx671m /)
  })
})
