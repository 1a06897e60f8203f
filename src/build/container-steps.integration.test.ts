import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { Readable } from 'node:stream'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { containerBuildsUnavailable, openContainerSteps, testStackWithoutNode } from '../../test/support/container-builds.js'
import { buildFiles } from '../../test/support/build-files.js'
import { runBuilderContract } from './builder.contract.js'
import { LocalBuilder, type LocalBuilderOptions } from './local-builder.js'
import type { BuildSteps } from './build-steps.js'
import { RuntimeStore } from '../runtimes/runtime-store.js'

const ROOT = new URL('../../', import.meta.url).pathname
const BUILDPACKS = join(ROOT, 'test/fixtures/buildpacks')
const unavailable = await containerBuildsUnavailable()

function options(workDir: string, steps: BuildSteps, user: { uid: number; gid: number }): LocalBuilderOptions {
  return {
    workDir, builtinDir: join(ROOT, 'buildpacks'), allowedBuildpackPaths: [BUILDPACKS], network: null, bwrap: null, user, steps,
    timeoutMs: 120_000, maxSlugBytes: 50 * 1024 * 1024, maxSourceBytes: 50 * 1024 * 1024, stack: 'heroku-24',
  }
}

if (!unavailable) {
  runBuilderContract('LocalBuilder, each step a container of the stack image', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'berth-container-builder-'))
    const containers = await openContainerSteps('10.214.98.0/24', workDir)
    const base = options(workDir, containers.steps, containers.user)
    return {
      builder: new LocalBuilder(base),
      withLimits: (limits) => new LocalBuilder({ ...base, ...limits }),
      buildpack: (name) => join(BUILDPACKS, name),
      cleanup: async () => {
        await containers.close()
        rmSync(workDir, { recursive: true, force: true })
      },
    }
  })
}

describe('builds in containers of the stack image', { skip: unavailable ?? false }, () => {
  const workDir = mkdtempSync(join(tmpdir(), 'berth-container-probe-'))
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-container-probe-data-'))
  chmodSync(workDir, 0o755)
  let containers: Awaited<ReturnType<typeof openContainerSteps>>
  // A service on this machine, listening on every address: a build must not reach it.
  const service = createServer((socket) => socket.end('hello\n'))
  before(async () => {
    containers = await openContainerSteps('10.214.99.0/24', workDir)
    await new Promise<void>((resolve) => service.listen(0, '0.0.0.0', resolve))
  })
  after(async () => {
    service.close()
    await containers?.close()
    rmSync(workDir, { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
  })

  it("run the buildpacks on the stack's OS as the build user, with nothing of the machine's and none of its services in reach", async () => {
    const port = (service.address() as { port: number }).port
    const { lines } = await buildFiles(new LocalBuilder(options(workDir, containers.steps, containers.user)), {
      appId: 'os-probe', files: { Procfile: 'web: sleep 1\n' }, buildpacks: [join(BUILDPACKS, 'os-probe')],
      configVars: { BERTH_DATA_DIR: dataDir, BERTH_HOST_SERVICE: `${containers.gateway}:${port}` },
    })
    const probes = Object.fromEntries(lines.filter((l) => l.startsWith('PROBE ')).map((l) => l.slice(6).split(': ') as [string, string]))
    assert.ok(lines.some((l) => /^-----> Building on the .* stack, in the stack image berth\/stack-test:/.test(l)), lines.join('\n'))
    assert.deepEqual(probes, {
      user: String(containers.user.uid),
      // The stack image's own Debian (this machine's is Debian too, but has docker, bwrap and git).
      os: 'debian 12',
      'sees /usr/bin/docker': 'no', 'sees /usr/bin/bwrap': 'no', 'sees /usr/bin/git': 'no', [`sees ${dataDir}`]: 'no',
      // The stack image's own Node.js comes first; Berth's is there for stacks without one.
      node: '/usr/bin/node',
      [`reaches ${containers.gateway}:${port}`]: 'no',
    }, lines.join('\n'))
  })

  it("builds on a stack without Node.js with the runtime store's Node.js, and npm in the slug, which the app's dynos run too", async () => {
    const image = await testStackWithoutNode()
    const stateDir = mkdtempSync(join(workDir, 'no-node-'))
    const noNode = await openContainerSteps('10.214.100.0/24', stateDir, image)
    try {
      const storeDir = join(stateDir, 'runtime-store')
      mkdirSync(storeDir, { mode: 0o755 })
      const builder = new LocalBuilder({ ...options(workDir, noNode.steps, noNode.user), runtimeStore: new RuntimeStore(storeDir) })
      const lines: string[] = []
      // No engines.node: on a stack with a Node.js of its own, that one; here, the store's.
      const app = join(stateDir, 'app')
      mkdirSync(app)
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'no-engines', version: '1.0.0', scripts: { start: 'node -e 0' } }))
      const tgz = spawnSync('tar', ['-czf', '-', '-C', app, '.']).stdout
      const slug = await builder.build({
        appId: 'no-node', source: { kind: 'tarball', open: async () => Readable.from([tgz]) }, buildpacks: [], configVars: {}, sourceVersion: null, onLine: (l) => lines.push(l),
      }).catch((error: Error) => assert.fail(`${error.message}\n${lines.join('\n')}`))
      const text = lines.join('\n')
      assert.match(text, /engines\.node \(package\.json\): unspecified \(use default 20\.x\)/)
      assert.match(text, /Using node 20\.\d+\.\d+ from Berth's runtime store/)
      // Berth's npm ran the build; the slug has its own for the dynos (`npm start`).
      assert.match(text, /Using npm \d+\.\d+\.\d+ in the slug \(the stack image has none\)/)
      assert.deepEqual(slug.runtimes.map((ref) => ref.split('@')[0]), ['node'])
      // What a dyno of this slug runs, in the same image: the store's Node.js, found through .profile.d.
      const slugDir = join(stateDir, 'slug')
      mkdirSync(slugDir)
      spawnSync('tar', ['-xzf', '-', '-C', slugDir], { input: Buffer.concat(await slug.open().toArray()) })
      await slug.dispose()
      // Node.js's own builds carry Mozilla's roots only: pointed at the system's too.
      assert.match(readFileSync(join(slugDir, '.profile.d', 'nodejs.sh'), 'utf8'), /export NODE_EXTRA_CA_CERTS=/)
      const ran = spawnSync('docker', ['run', '--rm', '--network', 'none', '--mount', `type=bind,source=${slugDir},target=/app,readonly`,
        '--mount', `type=bind,source=${storeDir},target=/runtime-store,readonly`, '--workdir', '/app', '--env', 'HOME=/app', image,
        'bash', '-c', 'for f in .profile.d/*.sh; do . "$f"; done; node -v; npm -v'], { encoding: 'utf8' })
      assert.match(ran.stdout.trim(), /^v20\.\d+\.\d+\n10\.\d+\.\d+$/, ran.stderr)
    } finally {
      await noNode.close()
    }
  })

  it("leaves a stack's own Node.js (Debian's, on the system's OpenSSL) to read the system's CAs itself, without NODE_EXTRA_CA_CERTS", async () => {
    const builder = new LocalBuilder(options(workDir, containers.steps, containers.user))
    const app = mkdtempSync(join(workDir, 'stack-node-'))
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'stack-node', version: '1.0.0', scripts: { start: 'node -e 0' } }))
    const tgz = spawnSync('tar', ['-czf', '-', '-C', app, '.']).stdout
    const lines: string[] = []
    const slug = await builder.build({
      appId: 'stack-node', source: { kind: 'tarball', open: async () => Readable.from([tgz]) }, buildpacks: [], configVars: {}, sourceVersion: null, onLine: (l) => lines.push(l),
    }).catch((error: Error) => assert.fail(`${error.message}\n${lines.join('\n')}`))
    const profile = spawnSync('tar', ['-xzOf', '-', './.profile.d/nodejs.sh'], { input: Buffer.concat(await slug.open().toArray()) }).stdout.toString()
    await slug.dispose()
    assert.match(lines.join('\n'), /Using the machine's Node\.js/)
    // Node 18 reads that file at every start, which a dyno would pay at each boot for nothing.
    assert.doesNotMatch(profile, /NODE_EXTRA_CA_CERTS/)
  })

  it('fails a build whose steps the engine cannot run with that reason, not as an app it could not detect', async () => {
    const missing = await openContainerSteps('10.214.101.0/24', mkdtempSync(join(workDir, 'missing-')), 'berth/no-such-stack:0')
    try {
      const builder = new LocalBuilder(options(workDir, missing.steps, missing.user))
      await assert.rejects(buildFiles(builder, { appId: 'no-stack', files: { 'package.json': '{}' }, buildpacks: [] }),
        /the Docker Engine could not run a build step in the stack image berth\/no-such-stack:0/)
    } finally {
      await missing.close()
    }
  })

  it('stops a step that runs past the build timeout, container and all', async () => {
    const builder = new LocalBuilder({ ...options(workDir, containers.steps, containers.user), timeoutMs: 3_000 })
    await assert.rejects(buildFiles(builder, { appId: 'sleepy', files: { Procfile: 'web: sleep 1\n' }, buildpacks: [join(BUILDPACKS, 'sleepy')] }), /timed out/)
    const left = spawnSync('docker', ['ps', '--all', '--quiet', '--filter', `label=berth.build=${containers.serverTag}`], { encoding: 'utf8' }).stdout.trim()
    assert.equal(left, '', 'no build container left running')
  })
})
