import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { waitFor } from '../../test/support/wait-for.js'
import type { LogLine } from '../logs/log-sink.js'
import type { Dyno, DynoSpec, Scheduler } from './scheduler.js'

export interface SchedulerHarness {
  scheduler: Scheduler
  /** Log lines the scheduler wrote. */
  lines: LogLine[]
  /** The environment a running dyno's process sees. */
  envOf(dyno: Dyno): Promise<Record<string, string>>
  /** When a running dyno's process started (ms since the epoch): a restart starts a new one. */
  startedAt(dyno: Dyno): Promise<number>
  /**
   * For schedulers whose dynos are processes with files: a host path dynos must not be able to
   * read, and a GET to a dyno of the `inspector` fixture. Null when dynos hold no files (a fake).
   */
  files: { secretPath: string; get(dyno: Dyno, path: string): Promise<any> } | null
  cleanup(): Promise<void>
}

let seq = 0
/** A spec whose slug id names a fixture app (the harness maps slug ids to fixture directories, or to what they do). */
export function specFor(fixture: string, overrides: Partial<DynoSpec> = {}): DynoSpec {
  seq++
  return {
    appId: `app-${seq}`, appName: `app-${seq}`, name: 'web.1', type: 'web', releaseId: `rel-${seq}`, releaseVersion: 3, slugId: fixture, slugChecksum: null,
    command: 'node server.js', size: 'Basic', env: { GREETING: 'hi', HEROKU_RELEASE_VERSION: 'v3' }, healthCheckPath: null, ...overrides,
  }
}

/** The suite every Scheduler passes unchanged (local processes now, Kubernetes later). */
export function runSchedulerContract(name: string, open: () => Promise<SchedulerHarness>): void {
  describe(`Scheduler contract: ${name}`, () => {
    let h: SchedulerHarness
    before(async () => { h = await open() })
    after(async () => h.cleanup())
    const messages = (appId: string, process = 'web.1') => h.lines.filter((l) => l.appId === appId && l.process === process).map((l) => `${l.source}: ${l.message}`)

    it('starts a web dyno that binds $PORT, with its env, and reports it up', async () => {
      const spec = specFor('inspector')
      const [dyno] = await h.scheduler.apply(spec.appId, [spec])
      await h.scheduler.waitUntilUp(dyno!.id)
      const up = h.scheduler.list(spec.appId)[0]!
      assert.equal(up.state, 'up')
      const env = await h.envOf(up)
      assert.deepEqual([env.DYNO, env.PS, env.GREETING, env.HOME, env.PORT], ['web.1', 'web.1', 'hi', '/app', String(up.port)])
      assert.deepEqual(messages(spec.appId).filter((m) => m.startsWith('heroku')), [
        'heroku: Starting process with command `node server.js`',
        'heroku: State changed from starting to up',
      ])
    })

    it('keeps dynos away from the data dir and other apps, with a read-only slug and a private /tmp', async (t) => {
      const files = h.files
      if (!files) return t.skip('its dynos hold no files')
      const spec = specFor('inspector')
      const [dyno] = await h.scheduler.apply(spec.appId, [spec])
      await h.scheduler.waitUntilUp(dyno!.id)
      const web = h.scheduler.list(spec.appId)[0]!
      assert.deepEqual(await files.get(web, `/read?path=${encodeURIComponent(files.secretPath)}`), { read: false, code: 'ENOENT' })
      assert.equal((await files.get(web, '/write?path=/app/new-file')).wrote, false)
      assert.equal((await files.get(web, '/write?path=/tmp/scratch')).wrote, true)
      assert.notEqual((await h.envOf(web)).USER, 'root')
    })

    it('runs worker dynos without a port, up as soon as they start', async () => {
      const spec = specFor('inspector', { name: 'worker.1', type: 'worker', command: 'node worker.js' })
      const [dyno] = await h.scheduler.apply(spec.appId, [spec])
      await h.scheduler.waitUntilUp(dyno!.id)
      assert.equal(h.scheduler.list(spec.appId)[0]!.port, null)
      await waitFor(() => messages(spec.appId, 'worker.1').includes('app: worker worker.1 started'))
    })

    it('replaces one release\'s dynos with another\'s, stopping the old ones gracefully', async () => {
      const old = specFor('inspector')
      const [first] = await h.scheduler.apply(old.appId, [old])
      await h.scheduler.waitUntilUp(first!.id)
      const next = { ...old, releaseId: `${old.releaseId}-next`, releaseVersion: 4 }
      const [second] = await h.scheduler.apply(old.appId, [old, next])
      await h.scheduler.waitUntilUp(second!.id)
      assert.equal(h.scheduler.list(old.appId).length, 2)
      await h.scheduler.apply(old.appId, [next])
      await waitFor(() => h.scheduler.list(old.appId).length === 1, { what: 'the old dyno to exit' })
      assert.equal(h.scheduler.list(old.appId)[0]!.releaseId, next.releaseId)
      const oldLines = h.lines.filter((l) => l.appId === old.appId && l.releaseVersion === 3).map((l) => l.message)
      assert.ok(oldLines.includes('Stopping all processes with SIGTERM'))
      assert.ok(oldLines.includes('SIGTERM received, finishing in-flight requests'))
      assert.ok(oldLines.includes('State changed from up to down'))
    })

    it('restarts a crashing dyno at once, then only after a cool-off', async () => {
      const spec = specFor('crash-at-boot', { command: "node -e \"console.log('booting'); process.exit(1)\"" })
      const [dyno] = await h.scheduler.apply(spec.appId, [spec])
      await assert.rejects(h.scheduler.waitUntilUp(dyno!.id), /exited with status 1/)
      await waitFor(() => messages(spec.appId).filter((m) => m === 'app: booting').length >= 2, { what: 'the immediate restart' })
      const crashes = () => messages(spec.appId).filter((m) => m === 'heroku: State changed from starting to crashed').length
      await waitFor(() => crashes() >= 2)
      assert.ok(messages(spec.appId).includes('heroku: State changed from crashed to starting'))
      await h.scheduler.apply(spec.appId, [])
    })

    it('crashes a web dyno that never binds $PORT with R10', async () => {
      const spec = specFor('never-binds', { command: "node -e \"setInterval(() => {}, 1000)\"" })
      const [dyno] = await h.scheduler.apply(spec.appId, [spec])
      await assert.rejects(h.scheduler.waitUntilUp(dyno!.id), /R10 \(Boot timeout\)/)
      assert.ok(messages(spec.appId).some((m) => /Error R10 \(Boot timeout\) -> Web process failed to bind to \$PORT/.test(m)))
      await h.scheduler.apply(spec.appId, [])
    })

    it('kills a dyno that ignores SIGTERM after the stop timeout, with R12', async () => {
      const spec = specFor('ignores-sigterm', { command: "node -e \"process.on('SIGTERM', () => console.log('ignoring SIGTERM')); require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT)\"" })
      const [dyno] = await h.scheduler.apply(spec.appId, [spec])
      await h.scheduler.waitUntilUp(dyno!.id)
      await h.scheduler.apply(spec.appId, [])
      await waitFor(() => h.scheduler.list(spec.appId).length === 0, { timeoutMs: 15_000, what: 'SIGKILL after the stop timeout' })
      const lines = messages(spec.appId)
      assert.ok(lines.includes('app: ignoring SIGTERM'))
      assert.ok(lines.some((m) => /Error R12 \(Exit timeout\)/.test(m)))
      assert.ok(lines.includes('heroku: Process exited with status 137'))
    })

    it('restarts dynos in place on the same release', async () => {
      const spec = specFor('inspector')
      const [dyno] = await h.scheduler.apply(spec.appId, [spec])
      await h.scheduler.waitUntilUp(dyno!.id)
      const before = await h.startedAt(h.scheduler.list(spec.appId)[0]!)
      await h.scheduler.restart(spec.appId)
      await h.scheduler.waitUntilUp(dyno!.id)
      const afterRestart = await h.startedAt(h.scheduler.list(spec.appId)[0]!)
      assert.ok(afterRestart > before)
      assert.ok(messages(spec.appId).includes('heroku: Restarting'))
    })

    it('runs a task to completion and reports its exit status and output', async () => {
      const spec = specFor('inspector', { name: 'release.1234', type: 'release', command: 'node release.js', env: { FAIL_RELEASE: '1', HEROKU_RELEASE_VERSION: 'v9' } })
      const output: string[] = []
      const result = await h.scheduler.runTask(spec, { timeoutMs: 10_000, onLine: (l) => output.push(l) })
      assert.deepEqual(result, { exitCode: 2, timedOut: false })
      assert.deepEqual(output, ['release phase for v9', 'migration failed'])
      assert.ok(messages(spec.appId, 'release.1234').includes('heroku: State changed from up to complete'))
    })
  })
}
