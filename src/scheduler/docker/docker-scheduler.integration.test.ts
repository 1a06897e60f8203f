import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { after, describe, it } from 'node:test'
import { fixtureSlugs } from '../../../test/support/slug-dirs.js'
import { inspectorProbes } from '../../../test/support/inspector-probes.js'
import { waitFor } from '../../../test/support/wait-for.js'
import { parseIpv4Network } from '../../core/net/ipv4-network.js'
import type { LogLine } from '../../logs/log-sink.js'
import { NetworkFence } from '../../sandbox/network-fence.js'
import { LocalScheduler } from '../local/local-scheduler.js'
import { DynoPorts } from '../local/dyno-ports.js'
import { runSchedulerContract, specFor, type SchedulerHarness } from '../scheduler.contract.js'
import { ContainerDynos } from './container-dynos.js'
import { DockerEngine } from './docker-engine.js'

const engine = process.getuid?.() === 0 ? await DockerEngine.connect().catch((error: Error) => error) : new Error('not root')

/** Dynos as containers on this machine's Docker Engine, on a network of their own behind the fence. */
async function dockerHarness(docker: DockerEngine, memoryCheckMs = 0): Promise<SchedulerHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-docker-data-'))
  const slugs = fixtureSlugs()
  const lines: LogLine[] = []
  // The fence's rules cover the containers' bridge (its name starts like the fence's links).
  await NetworkFence.setUp({ network: parseIpv4Network('10.213.0.0/16')!, stateDir: join(dataDir, 'netns') })
  const serverTag = `t${process.pid.toString(16)}`.slice(0, 12)
  const containers = await ContainerDynos.open({ engine: docker, serverTag, network: parseIpv4Network('10.214.16.0/24')!, user: { uid: 65534, gid: 65534 }, slugs })
  const scheduler = new LocalScheduler({
    runDir: dataDir, bwrap: null, user: null, ports: new DynoPorts(20000, 29999), slugs, logs: { write: (line) => lines.push(line) },
    bootTimeoutMs: 3000, stopTimeoutMs: 1500, cooloffUnitMs: 60_000, stableAfterMs: 60_000, memoryCheckMs,
    onError: (error) => { throw error }, launcher: containers.launch,
  })
  return {
    scheduler, lines, ...inspectorProbes(dataDir),
    cleanup: async () => {
      await scheduler.shutdown()
      await containers.close()
      rmSync(dataDir, { recursive: true, force: true })
      rmSync(slugs.root, { recursive: true, force: true })
    },
  }
}

if (engine instanceof Error) it('Scheduler contract: Docker Engine', { skip: `no Docker Engine here (${engine.message})` }, () => {})
else runSchedulerContract('Docker Engine (dynos in containers)', () => dockerHarness(engine))

describe('container dynos over their memory', { skip: engine instanceof Error && `no Docker Engine here (${engine.message})` }, () => {
  it('logs R14 over the dyno size, and R15 when the engine kills it at twice that', async (t) => {
    const h = await dockerHarness(engine as DockerEngine, 200)
    t.after(() => h.cleanup())
    // Basic is 512 MB: hold 700 MB (R14), then grow to 1.2 GB, past the container's 1 GB limit (R15).
    const hog = "const held = [Buffer.alloc(700 * 1024 * 1024, 1)]; console.log('holding 700M'); setTimeout(() => { held.push(Buffer.alloc(500 * 1024 * 1024, 1)); console.log('holding 1.2G') }, 1500); setInterval(() => {}, 1000)"
    const spec = { ...specFor('inspector'), name: 'worker.1', type: 'worker', command: `node -e "${hog}"` }
    await h.scheduler.apply(spec.appId, [spec])
    const messages = () => h.lines.filter((l) => l.appId === spec.appId).map((l) => l.message)
    await waitFor(() => messages().includes('Error R14 (Memory quota exceeded)'), { timeoutMs: 15_000, what: 'R14' })
    // A check may land while the 700 MB are still being filled (518M): the next ones see it whole.
    await waitFor(() => messages().some((m) => /^Process running mem=(6|7)\d\dM\(1\d\d\.\d%\)$/.test(m)), { timeoutMs: 5000, what: `the 700 MB reported:\n${messages().join('\n')}` })
    await waitFor(() => messages().includes('Error R15 (Memory quota vastly exceeded)'), { timeoutMs: 15_000, what: 'R15' })
    await waitFor(() => messages().includes('State changed from up to crashed'), { timeoutMs: 5000, what: 'the crash after R15' })
    await h.scheduler.apply(spec.appId, [])
  })
})

describe('containers a killed server left', { skip: engine instanceof Error && `no Docker Engine here (${engine.message})` }, () => {
  const docker = engine as DockerEngine
  const serverTag = `l${process.pid.toString(16)}`.slice(0, 12)
  const network = parseIpv4Network('10.214.17.0/24')!
  const slugs = fixtureSlugs()
  const spec = { ...specFor('inspector', { command: 'node worker.js', type: 'worker', name: 'worker.1' }), releaseId: 'rel-left' }
  const names = () => docker.check(['ps', '--all', '--filter', `label=berth.server=${serverTag}`, '--format', '{{.Names}}'], 'ps').then((out) => out.split('\n').filter(Boolean).sort())
  after(async () => {
    await docker.run(['rm', '--force', ...(await names())])
    rmSync(slugs.root, { recursive: true, force: true })
  })

  it('attaches to the running one the formation asks for again, removes an exited one at once and an unclaimed one after the grace', async () => {
    const first = await ContainerDynos.open({ engine: docker, serverTag, network, user: { uid: 65534, gid: 65534 }, slugs })
    // What a server killed with SIGKILL leaves: containers it started, detached from it.
    for (const [dynoName, command] of [['worker.1', 'sleep 600'], ['worker.2', 'sleep 600'], ['worker.3', 'true']] as const) {
      const launch = await first.launch({ ...spec, name: dynoName, command }, `old-${dynoName}`, null)
      const started = spawn(launch.plan.file, ['run', '--detach', ...launch.plan.args.slice(launch.plan.args.indexOf('run') + 1)], { env: launch.plan.env, stdio: 'ignore' })
      await new Promise((resolve) => started.on('close', resolve))
    }
    await waitFor(async () => (await names()).length === 3)
    const second = await ContainerDynos.open({ engine: docker, serverTag, network, user: { uid: 65534, gid: 65534 }, slugs, unclaimedGraceMs: 1500 })
    assert.equal((await names()).length, 2, 'the exited one is gone at once')
    const adopted = await second.launch(spec, 'new-id', null)
    assert.deepEqual(adopted.adopted, { port: null })
    assert.ok(adopted.plan.args.includes('attach'))
    await waitFor(async () => (await names()).length === 1, { timeoutMs: 5000, what: 'the unclaimed worker.2 to be removed' })
    assert.match((await names())[0]!, /-old-worker\.1-[0-9a-f]{8}$/)
    await adopted.release()
    assert.deepEqual(await names(), [])
    await second.close()
  })
})
