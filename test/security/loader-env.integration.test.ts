import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { parseIpv4Network } from '../../src/core/net/ipv4-network.js'
import { findSandbox } from '../../src/main/find-sandbox.js'
import { NetworkFence } from '../../src/sandbox/network-fence.js'
import { ContainerDynos } from '../../src/scheduler/docker/container-dynos.js'
import { DockerEngine } from '../../src/scheduler/docker/docker-engine.js'
import { DynoPorts } from '../../src/scheduler/local/dyno-ports.js'
import { LocalScheduler } from '../../src/scheduler/local/local-scheduler.js'
import { specFor } from '../../src/scheduler/scheduler.contract.js'
import { fixtureSlugs } from '../support/slug-dirs.js'

// Attack: a config var named LD_PRELOAD (or GCONV_PATH, DOCKER_HOST…) pointing at a library in the
// tenant's own unpacked slug. Berth starts a dyno through programs that run outside the sandbox,
// some as root (nsenter, bwrap, the docker CLI); had they started with the dyno's environment, the
// loader would have run the tenant's code there. They must never see such a variable, and the app
// must still get it, under its own name, inside.

const docker = process.getuid?.() === 0 ? await DockerEngine.connect().catch(() => null) : null
after(() => docker?.close())

const STEERING = { LD_PRELOAD: '/berth-test/no-such-library.so', LD_LIBRARY_PATH: '/berth-test/lib', GCONV_PATH: '/berth-test/gconv', DOCKER_HOST: 'tcp://192.0.2.1:2375' }
const fenceable = process.getuid?.() === 0

for (const kind of ['unfenced', 'fenced', 'container'] as const) {
  const fenced = kind !== 'unfenced'
  const skip = (fenced && !fenceable && 'the fence needs root') || (kind === 'container' && !docker && 'no Docker Engine here')
  describe(`config vars that steer the loader, with ${kind} dynos`, { skip }, () => {
    it('never reach the programs that start the dyno, and reach the app under their own names', async (t) => {
      const runDir = mkdtempSync(join(tmpdir(), 'berth-loader-env-'))
      const slugs = fixtureSlugs()
      const sandbox = findSandbox('auto')
      const network = fenced ? await NetworkFence.setUp({ network: parseIpv4Network('10.213.0.0/16')!, stateDir: join(runDir, 'netns') }) : null
      // Container dynos: the process Berth spawns is the docker CLI.
      const containers = kind === 'container'
        ? await ContainerDynos.open({ engine: await DockerEngine.connect(), serverTag: `le${process.pid.toString(16)}`, network: parseIpv4Network('10.214.18.0/24')!, user: { uid: 65534, gid: 65534 }, slugs })
        : null
      const scheduler = new LocalScheduler({
        runDir, bwrap: sandbox.bwrap, user: sandbox.user, ports: new DynoPorts(20000, 29999), slugs, logs: { write: () => {} },
        bootTimeoutMs: 5000, stopTimeoutMs: 1500, cooloffUnitMs: 60_000, stableAfterMs: 60_000, memoryCheckMs: 0, network,
        onError: (error) => { throw error }, launcher: containers?.launch,
      })
      t.after(async () => {
        await scheduler.shutdown()
        await containers?.close()
        rmSync(runDir, { recursive: true, force: true })
        rmSync(slugs.root, { recursive: true, force: true })
      })
      const spec = specFor('inspector', { env: { GREETING: 'hi', ...STEERING } })
      const [dyno] = await scheduler.apply(spec.appId, [spec])
      await scheduler.waitUntilUp(dyno!.id)
      const up = scheduler.list(spec.appId)[0]!

      // The process Berth spawned (nsenter, bwrap, the docker CLI, or the command itself without a sandbox).
      const [pidFile] = readdirSync(join(runDir, 'dynos'))
      const pid = Number(readFileSync(join(runDir, 'dynos', pidFile!), 'utf8').split('\n')[0])
      const launcherEnv = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
      for (const name of Object.keys(STEERING)) assert.equal(launcherEnv.some((entry) => entry.startsWith(`${name}=`)), false, `${name} reached pid ${pid}`)

      const appEnv = await (await fetch(`http://${up.host}:${up.port}/env`)).json() as Record<string, string>
      assert.deepEqual(Object.fromEntries(Object.keys(STEERING).map((name) => [name, appEnv[name]])), STEERING)
      assert.equal(appEnv.GREETING, 'hi')
      assert.deepEqual(Object.keys(appEnv).filter((name) => name.startsWith('BERTH_SHIELDED')), [])
    })
  })
}
