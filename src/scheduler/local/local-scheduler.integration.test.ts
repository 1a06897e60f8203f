import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixtureSlugs } from '../../../test/support/slug-dirs.js'
import type { LogLine } from '../../logs/log-sink.js'
import { findSandbox } from '../../main/find-sandbox.js'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { waitFor } from '../../../test/support/wait-for.js'
import { runSchedulerContract, specFor } from '../scheduler.contract.js'
import { LocalScheduler } from './local-scheduler.js'
import { DynoPorts } from './dyno-ports.js'
import { MemoryCgroups } from './memory-cgroups.js'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

/** A LocalScheduler on a throwaway run dir, with fixture apps as slugs and its log lines collected. */
function openScheduler(memoryCheckMs: number, cgroups: MemoryCgroups | null = null) {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-sched-data-'))
  const slugs = fixtureSlugs()
  const lines: LogLine[] = []
  const sandbox = findSandbox('auto')
  const scheduler = new LocalScheduler({
    runDir: dataDir, bwrap: sandbox.bwrap, user: sandbox.user, ports: new DynoPorts(20000, 29999), slugs, logs: { write: (line) => lines.push(line) },
    bootTimeoutMs: 1500, stopTimeoutMs: 1500, cooloffUnitMs: 60_000, stableAfterMs: 60_000, memoryCheckMs, cgroups,
  })
  const cleanup = async () => {
    await scheduler.shutdown()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(slugs.root, { recursive: true, force: true })
  }
  return { scheduler, lines, dataDir, cleanup }
}

runSchedulerContract('LocalScheduler', async () => {
  const { scheduler, lines, dataDir, cleanup } = openScheduler(0)
  const secretPath = join(dataDir, 'secret.key')
  writeFileSync(secretPath, 'not for dynos', { mode: 0o600 })
  return { scheduler, lines, secretPath, cleanup }
})

describe('LocalScheduler memory limits', () => {
  it('logs R14 over the dyno size and kills the dyno with R15 at twice it', async (t) => {
    const { scheduler, lines, cleanup } = openScheduler(200, MemoryCgroups.detect())
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

describe('memory cgroups', () => {
  it('limits a group, lets its user join it, and removes it', (t) => {
    const cgroups = MemoryCgroups.detect()
    if (!cgroups) return t.skip('no writable memory cgroup on this machine')
    const group = cgroups.create(`test-${process.pid}`, 256 * 1024 * 1024, null)!
    const limitFile = group.procsFile.replace('cgroup.procs', 'memory.limit_in_bytes')
    const maxFile = group.procsFile.replace('cgroup.procs', 'memory.max')
    const limit = readFileSync(limitFile, { flag: 'r' }).toString().trim() || readFileSync(maxFile).toString().trim()
    assert.equal(Number(limit), 256 * 1024 * 1024)
    assert.equal(group.oomKilled(), false)
    group.remove()
  })
})
