// Class of attack: a build (any language's toolchain runs in the same sandbox) writes outside its
// workspace and cache: into the machine's system directories, the runtimes every app shares, its
// own buildpack, its config vars, or Berth's data directory, to plant something for later. Builds
// run in a bubblewrap sandbox on this machine's root, or (BERTH_SCHEDULER=swarm) in a container of
// the stack image: both are held to the same places.
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import type { BuildSteps } from '../../src/build/build-steps.js'
import { LocalBuilder } from '../../src/build/local-builder.js'
import { buildFiles } from '../support/build-files.js'
import { containerBuildsUnavailable, openContainerSteps } from '../support/container-builds.js'
import { findSandbox } from '../../src/main/find-sandbox.js'
import { RuntimeStore } from '../../src/runtimes/runtime-store.js'

const ROOT = new URL('../../', import.meta.url).pathname
const ESCAPER = join(ROOT, 'test/fixtures/buildpacks/escaper')
const sandbox = findSandbox('auto')
const noContainers = await containerBuildsUnavailable()

for (const kind of ['a bubblewrap sandbox', 'a container of the stack image'] as const) {
  const skip = kind === 'a bubblewrap sandbox' ? sandbox.bwrap === null && 'needs bubblewrap' : noContainers ?? false
  describe(`a build in ${kind} writes only its workspace, its cache and its own /tmp`, { skip }, () => {
    const workDir = mkdtempSync(join(tmpdir(), 'berth-escaper-'))
    const runtimesDir = join(workDir, 'operator-runtimes')
    const dataDir = mkdtempSync(join(tmpdir(), 'berth-escaper-data-'))
    mkdirSync(runtimesDir)
    mkdirSync(join(workDir, 'runtime-store'), { mode: 0o755 })
    chmodSync(workDir, 0o755)
    chmodSync(dataDir, 0o700)
    let containers: Awaited<ReturnType<typeof openContainerSteps>> | undefined
    const builder = async (steps?: BuildSteps) => new LocalBuilder({
      workDir, builtinDir: join(ROOT, 'buildpacks'), allowedBuildpackPaths: [ESCAPER], bwrap: sandbox.bwrap, user: sandbox.user,
      timeoutMs: 120_000, maxSlugBytes: 50 * 1024 * 1024, maxSourceBytes: 50 * 1024 * 1024, stack: 'heroku-24',
      runtimesDir, runtimeStore: new RuntimeStore(join(workDir, 'runtime-store')), steps, network: null,
    })
    after(async () => {
      await containers?.close()
      rmSync(workDir, { recursive: true, force: true })
      rmSync(dataDir, { recursive: true, force: true })
    })

    it('is refused everywhere else, and leaves nothing on the machine', async () => {
      if (kind !== 'a bubblewrap sandbox') containers = await openContainerSteps('10.214.97.0/24', workDir)
      const { lines } = await buildFiles(await builder(containers?.steps), { appId: 'escaper', files: { Procfile: 'web: sleep 1\n' }, buildpacks: [ESCAPER], configVars: { BERTH_SECRET_DIR: dataDir } })
      const results = Object.fromEntries(lines.filter((l) => l.startsWith('WRITE ')).map((l) => l.slice(6).split(': ') as [string, string]))
      // /tmp and /dev/shm are the step's own, in memory, gone when the step ends.
      assert.deepEqual(Object.entries(results).filter(([, r]) => r === 'ok').map(([dir]) => dir), ['/app', '/cache', '/tmp', '/dev/shm'], lines.join('\n'))
      assert.equal(Object.keys(results).length, 20, 'every attempt reported')
      for (const dir of ['/', '/usr', '/usr/local/bin', '/etc', '/tmp', '/var/tmp', '/dev/shm', '/root', dataDir, runtimesDir, join(workDir, 'runtime-store')]) {
        assert.ok(!existsSync(join(dir, 'escaper-was-here')), `nothing planted in ${dir} on the machine`)
      }
      assert.deepEqual(readdirSync(runtimesDir), [])
    })
  })
}
