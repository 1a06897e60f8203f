import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fixtureSlugs } from '../../../test/support/slug-dirs.js'
import { inspectorProbes } from '../../../test/support/inspector-probes.js'
import { waitFor } from '../../../test/support/wait-for.js'
import type { LogLine } from '../../logs/log-sink.js'
import { findSandbox } from '../../main/find-sandbox.js'
import { NetworkFence } from '../../sandbox/network-fence.js'
import { enterCgroups } from '../../sandbox/plan-sandbox.js'
import { parseIpv4Network } from '../../core/net/ipv4-network.js'
import { runSchedulerContract, specFor, type SchedulerHarness } from '../scheduler.contract.js'
import { DynoCgroups } from './dyno-cgroups.js'
import { DynoPorts } from './dyno-ports.js'
import { LocalScheduler } from './local-scheduler.js'

/** A LocalScheduler on a throwaway run dir, with fixture apps as slugs and its log lines collected. */
async function openScheduler(memoryCheckMs: number, options: { cgroups?: DynoCgroups | null; fenced?: boolean } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-sched-data-'))
  const slugs = fixtureSlugs()
  const lines: LogLine[] = []
  const sandbox = findSandbox('auto')
  const network = options.fenced ? await NetworkFence.setUp({ network: parseIpv4Network('10.213.0.0/16')!, stateDir: join(dataDir, 'netns') }) : null
  const scheduler = new LocalScheduler({
    runDir: dataDir, bwrap: sandbox.bwrap, user: sandbox.user, ports: new DynoPorts(20000, 29999), slugs, logs: { write: (line) => lines.push(line) },
    bootTimeoutMs: 1500, stopTimeoutMs: 1500, cooloffUnitMs: 60_000, stableAfterMs: 60_000, memoryCheckMs, cgroups: options.cgroups ?? null, network,
    onError: (error) => { throw error },
  })
  const cleanup = async () => {
    await scheduler.shutdown()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(slugs.root, { recursive: true, force: true })
  }
  return { scheduler, lines, dataDir, cleanup }
}

async function contractHarness(fenced: boolean): Promise<SchedulerHarness> {
  const { scheduler, lines, dataDir, cleanup } = await openScheduler(0, { fenced })
  return { scheduler, lines, cleanup, ...inspectorProbes(dataDir) }
}

runSchedulerContract('LocalScheduler', () => contractHarness(false))
if (process.getuid?.() === 0) runSchedulerContract('LocalScheduler, each dyno in a fenced network', () => contractHarness(true))

describe('LocalScheduler memory limits', () => {
  it('logs R14 over the dyno size and kills the dyno with R15 at twice it', async (t) => {
    const { scheduler, lines, cleanup } = await openScheduler(200, { cgroups: DynoCgroups.detect('test') })
    t.after(cleanup)
    // Basic is 512 MB: hold 700 MB (R14), then grow to 1.2 GB (R15).
    const hog = "const held = [Buffer.alloc(700 * 1024 * 1024, 1)]; console.log('holding 700M'); setTimeout(() => { held.push(Buffer.alloc(500 * 1024 * 1024, 1)); console.log('holding 1.2G') }, 1500); setInterval(() => {}, 1000)"
    await scheduler.apply('mem-app', [{ ...specFor('inspector'), appId: 'mem-app', name: 'worker.1', type: 'worker', command: `node -e "${hog}"` }])
    const messages = () => lines.filter((l) => l.appId === 'mem-app').map((l) => l.message)
    await waitFor(() => messages().includes('Error R14 (Memory quota exceeded)'), { timeoutMs: 15_000, what: 'R14' })
    const cgroupRoot = ['/sys/fs/cgroup/memory/berth', '/sys/fs/cgroup/berth'].find((dir) => existsSync(dir))
    if (cgroupRoot) {
      // The kernel enforces the limit: the dyno's processes are in a group capped at twice the quota.
      const groups = readdirSync(cgroupRoot, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(cgroupRoot, e.name))
        .filter((dir) => readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim() !== '')
      const limits = groups.map((dir) => Number(readFileSync(join(dir, existsSync(join(dir, 'memory.max')) ? 'memory.max' : 'memory.limit_in_bytes'), 'utf8')))
      assert.ok(limits.includes(1024 * 1024 * 1024), `cgroup limits: ${limits}`)
    }
    assert.ok(messages().some((m) => /^Process running mem=\d+M\(\d+\.\d%\)$/.test(m)))
    await waitFor(() => messages().includes('Error R15 (Memory quota vastly exceeded)'), { timeoutMs: 15_000, what: 'R15' })
    await waitFor(() => messages().includes('State changed from up to crashed'), { timeoutMs: 5000, what: 'the crash after R15' })
  })
})

describe('dyno cgroups', () => {
  it('limits memory and processes, holds what joins, kills it all, and is removed', async (t) => {
    const cgroups = DynoCgroups.detect(`test${process.pid}`)
    if (!cgroups) return t.skip('no writable cgroup on this machine')
    const group = cgroups.create('limits', { memoryBytes: 256 * 1024 * 1024, processes: 64 }, null)!
    const read = (name: string) => group.procsFiles.map((f) => join(f, '..', name)).filter(existsSync).map((f) => readFileSync(f, 'utf8').trim())
    if (cgroups.controllers.includes('memory')) assert.ok([...read('memory.max'), ...read('memory.limit_in_bytes')].includes(String(256 * 1024 * 1024)))
    if (cgroups.controllers.includes('pids')) assert.deepEqual(read('pids.max'), ['64'])
    assert.equal(group.oomKilled(), false)
    const plan = enterCgroups({ file: 'sleep', args: ['60'], env: { PATH: '/usr/bin:/bin' }, cwd: '/' }, group.procsFiles)
    const sleeper = spawn(plan.file, plan.args, { env: plan.env, stdio: 'ignore' })
    const pid = String(sleeper.pid)
    await waitFor(() => group.procsFiles.every((f) => readFileSync(f, 'utf8').split('\n').includes(pid)), { what: 'the process in every group' })
    group.kill()
    await new Promise((resolve) => sleeper.once('exit', resolve))
    group.remove()
    await waitFor(() => group.procsFiles.every((f) => !existsSync(f)), { what: 'the groups removed' })
  })
})
