import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { create as createTar } from 'tar'
import type { LogLine } from '../../src/logs/log-sink.js'
import { DockerEngine } from '../../src/scheduler/docker/docker-engine.js'
import { DynoPorts } from '../../src/scheduler/local/dyno-ports.js'
import { LocalScheduler } from '../../src/scheduler/local/local-scheduler.js'
import { runSchedulerContract, type SchedulerHarness } from '../../src/scheduler/scheduler.contract.js'
import type { Dyno } from '../../src/scheduler/scheduler.js'
import { SlugServer } from '../../src/scheduler/swarm/slug-server.js'
import { SwarmDynos } from '../../src/scheduler/swarm/swarm-dynos.js'
import { ensureTestStackImage, MANAGER_ADDRESS, startTestSwarm, swarmUnavailable, TEST_STACK_IMAGE, type TestSwarm } from '../support/swarm.js'

const BERTH_CLI = ['--import', 'tsx', new URL('../../src/main/cli.ts', import.meta.url).pathname]
const FIXTURES = new URL('../fixtures/apps/', import.meta.url).pathname
const unavailable = await swarmUnavailable()

async function get(dyno: Dyno, path = '/'): Promise<any> {
  return (await fetch(`http://${dyno.host}:${dyno.port}${path}`)).json()
}

/** Fixture apps as slug archives (what the blob store holds), by fixture name, with their checksums. */
async function fixtureArchives(dir: string): Promise<{ archive(name: string): string; checksum(name: string): string }> {
  const made = new Map<string, string>()
  const path = async (name: string) => {
    if (!made.has(name)) {
      const file = join(dir, `${name}.tgz`)
      await createTar({ gzip: true, file, cwd: join(FIXTURES, name), portable: true }, ['.'])
      made.set(name, file)
    }
    return made.get(name)!
  }
  for (const name of ['inspector']) await path(name)
  return {
    archive: (name) => made.get(name) ?? join(dir, `${name}.tgz`),
    checksum: (name) => `SHA256:${createHash('sha256').update(readFileSync(made.get(name)!)).digest('hex')}`,
  }
}

/** The Scheduler contract's dynos as Swarm services: each fixture's slug fetched from a slug URL, in the stack image. */
async function swarmHarness(swarm: TestSwarm): Promise<SchedulerHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-swarm-data-'))
  const archives = await fixtureArchives(dataDir)
  const lines: LogLine[] = []
  const slugServer = await SlugServer.listen({ host: MANAGER_ADDRESS, port: 0, archives: { get: async (slugId) => Readable.from(readFileSync(archives.archive(slugId))) } })
  const engine = await DockerEngine.connect()
  const dynos = await SwarmDynos.open({ engine, serverTag: `c${process.pid.toString(16)}`, image: TEST_STACK_IMAGE, slugUrl: (id) => slugServer.url(id), user: { uid: 65534, gid: 65534 }, stopTimeoutMs: 6000 })
  // The contract's fixtures other than inspector are commands run over the inspector's slug.
  const scheduler = new LocalScheduler({
    runDir: dataDir, bwrap: null, user: null, ports: new DynoPorts(21000, 21999), slugs: { ensure: async () => dataDir }, logs: { write: (line) => lines.push(line) },
    bootTimeoutMs: 8000, stopTimeoutMs: 6000, cooloffUnitMs: 60_000, stableAfterMs: 60_000, memoryCheckMs: 0,
    onError: (error) => { throw error },
    launcher: (spec, id, port, task) => dynos.launch({ ...spec, slugId: 'inspector', slugChecksum: archives.checksum('inspector') }, id, port, task),
  })
  const secretPath = join(dataDir, 'secret.key')
  writeFileSync(secretPath, 'not for dynos', { mode: 0o600 })
  void swarm
  return {
    scheduler, lines,
    envOf: (dyno) => get(dyno, '/env'),
    startedAt: async (dyno) => (await get(dyno)).startedAt,
    files: { secretPath, get },
    cleanup: async () => {
      await scheduler.shutdown()
      await dynos.close()
      await slugServer.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

describe('dynos on a two-node Docker Swarm', { skip: unavailable ?? false, timeout: 900_000 }, () => {
  let swarm: TestSwarm
  before(async () => {
    const engine = await DockerEngine.connect()
    await ensureTestStackImage(engine, BERTH_CLI)
    await engine.close()
    swarm = await startTestSwarm()
  })
  after(async () => swarm?.leave())

  runSchedulerContract('Docker Swarm (dynos as services)', () => swarmHarness(swarm))
})
