import assert from 'node:assert/strict'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { dynoProcesses, privateWorkDir, stillRunning } from '../support/dyno-processes.js'
import { FIXTURE_BUILDPACKS, fixtureRepo, git, remoteUrl } from '../support/git.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

// kill -9 at random (seeded) moments of a deploy, a config change and a rollback, then restart on the
// same data dir and check what must survive any crash: contiguous versions, exactly one current
// release, nothing left pending, no dyno of the killed server still running, the app served again
// within 2 s, and the git ref telling the truth about which pushes succeeded.

const KEY = 'berth_e2e_crash_key_0123456789'
const KILLS = 20
const SEED = Number(process.env.BERTH_CRASH_SEED ?? 1313)
const SERVE_AGAIN_MS = 2000
const MAX_VIOLATIONS = 8

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with BERTH_CRASH_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Release { id: string; version: number; status: string; current: boolean; description: string; slug: { id: string } | null; eligible_for_rollback: boolean }
interface Build { id: string; status: string; source_blob: { version: string | null } }

describe('crash consistency under kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-crash-'))
  const workDir = privateWorkDir()
  const env = { BERTH_ADMIN_API_KEY: KEY, BERTH_BUILDPACK_PATHS: FIXTURE_BUILDPACKS, BERTH_WORK_DIR: workDir }
  let berth: BerthProcess | null = null
  const api = apiClient(() => berth!.apiUrl, KEY)
  const remote = () => remoteUrl(berth!.apiUrl, 'crashy', KEY)

  after(async () => {
    await berth?.stop()
    // Dynos a killed server left behind (see the orphan check) are this test's to stop.
    for (const orphan of dynoProcesses(workDir)) process.kill(orphan.pid, 'SIGKILL')
    rmSync(dirname(workDir), { recursive: true, force: true })
  })

  it(`keeps its invariants across ${KILLS} kills (seed ${SEED})`, { timeout: 240_000 }, async (t) => {
    const next = random(SEED)
    berth = await startBerthProcess(env, { dataDir })
    assert.equal((await api('POST', '/apps', { name: 'crashy' })).status, 201)
    await api('PUT', '/apps/crashy/buildpack-installations', { updates: [{ buildpack: join(FIXTURE_BUILDPACKS, 'slow') }] })
    const dir = await fixtureRepo('slow-build')
    const first = await git(['push', remote(), 'main'], dir)
    assert.equal(first.code, 0, first.stderr)

    const operations = {
      async deploy(i: number) {
        appendFileSync(join(dir, 'server.js'), `// change ${i}\n`)
        await git(['commit', '-q', '-am', `change ${i}`], dir)
        return (await git(['push', remote(), 'main'], dir)).code === 0
      },
      async config(i: number) {
        return (await api('PATCH', '/apps/crashy/config-vars', { ROUND: String(i) })).status === 200
      },
      async rollback() {
        const releases = (await api('GET', '/apps/crashy/releases')).body as Release[]
        const targets = releases.filter((r) => r.eligible_for_rollback && !r.current)
        const target = targets[Math.floor(next() * targets.length)]
        return target !== undefined && (await api('POST', '/apps/crashy/releases', { release: target.id })).status === 201
      },
    }
    // Each operation runs once uncut, to learn how long it takes on this machine; the kills then land
    // anywhere from its start to just past its end.
    const spanMs = { deploy: 0, config: 0, rollback: 0 }
    for (const kind of ['deploy', 'config', 'rollback'] as const) {
      const startedAt = Date.now()
      assert.ok(await operations[kind](0), `${kind} works uncut`)
      spanMs[kind] = Math.round((Date.now() - startedAt) * 1.2)
    }
    t.diagnostic(`kill windows: ${JSON.stringify(spanMs)}`)
    // What the app's log says, for a violation's message.
    const recentLogs = async () => {
      const session = await api('POST', '/apps/crashy/log-sessions', { lines: 30, source: 'heroku' })
      return `its last heroku log lines: ${await (await fetch(session.body.logplex_url)).text()}`
    }
    const violations: string[] = []
    const serveTimes: number[] = []
    const caught = { builds: 0 }
    let kills = 0
    const orphaned = new Set<string>()

    for (let i = 1; i <= KILLS; i++) {
      const kind = (['deploy', 'config', 'rollback'] as const)[(i - 1) % 3]!
      const delayMs = Math.floor(next() * spanMs[kind])
      const failedBuildsBefore = ((await api('GET', '/apps/crashy/builds')).body as Build[]).filter((b) => b.status === 'failed').length
      const startedAt = Date.now()
      const running = operations[kind](i).then((ok) => (ok ? Date.now() - startedAt : null), () => null)
      // The seeded delay is the experiment itself (where the kill lands), not a wait for a condition.
      await new Promise((resolve) => setTimeout(resolve, delayMs))
      const before = dynoProcesses(workDir)
      await berth.kill()
      kills++
      const completed = await running
      const where = `kill ${i} (${kind}, ${delayMs} ms in)`

      berth = await startBerthProcess(env, { dataDir })
      const backAt = Date.now()
      let answer = ''
      const served = await waitFor(async () => {
        const response = await routerGet(berth!.routerUrl, 'crashy.localhost')
        answer = `${response.status} ${response.body.slice(0, 200)}`
        return response.status === 200
      }, { timeoutMs: 15_000, intervalMs: 20, what: 'the app' }).then(() => true, () => false)
      const serveMs = Date.now() - backAt
      serveTimes.push(serveMs)
      if (!served) violations.push(`${where}: the app was not served again within 15 s; the router said ${JSON.stringify(answer)}; ${await recentLogs()}`)
      else if (serveMs > SERVE_AGAIN_MS) violations.push(`${where}: served again only after ${serveMs} ms`)

      const settled = await waitFor(async () => {
        const releases = (await api('GET', '/apps/crashy/releases')).body as Release[]
        const builds = (await api('GET', '/apps/crashy/builds')).body as Build[]
        return releases.every((r) => r.status !== 'pending') && builds.every((b) => b.status !== 'pending') ? { releases, builds } : null
      }, { timeoutMs: 10_000, what: 'nothing pending' }).catch(() => null)
      if (!settled) {
        violations.push(`${where}: releases or builds still pending 10 s after the restart`)
        if (violations.length >= MAX_VIOLATIONS) break
        continue
      }
      // Both lists come oldest first.
      const { releases, builds } = settled
      const interrupted = builds.filter((b) => b.status === 'failed').length - failedBuildsBefore
      caught.builds += interrupted
      t.diagnostic(`${where}: ${completed === null ? 'cut short' : `done in ${completed} ms`}${interrupted ? ', its build failed at restart' : ''}; served again after ${serveMs} ms`)
      const versions = releases.map((r) => r.version).sort((a, b) => a - b)
      if (versions.some((v, index) => v !== index + 1)) violations.push(`${where}: versions not contiguous: ${versions.join(',')}`)
      const current = releases.filter((r) => r.current)
      if (current.length !== 1) violations.push(`${where}: ${current.length} current releases`)

      // Each orphan counts once, at the kill that left it (it stays a process of this work dir).
      const fresh = () => stillRunning(before).filter((p) => !orphaned.has(`${p.pid}:${p.startTicks}`))
      const orphans = await waitFor(() => fresh().length === 0, { timeoutMs: 3000, what: 'old dynos to be gone' }).then(() => [], fresh)
      for (const orphan of orphans) orphaned.add(`${orphan.pid}:${orphan.startTicks}`)
      if (orphans.length > 0) violations.push(`${where}: dyno processes of the killed server still run, holding port(s) ${[...new Set(orphans.map((o) => o.port))].join(', ')}: pids ${orphans.map((o) => o.pid).join(', ')}`)

      // A push moves the ref only when its build succeeded: the ref is the newest succeeded build's commit.
      const ref = (await git(['ls-remote', remote(), 'refs/heads/main'], dir)).stdout.split('\t')[0]
      const newestSucceeded = [...builds].reverse().find((b) => b.status === 'succeeded')?.source_blob.version
      if (ref !== newestSucceeded) violations.push(`${where}: the branch is at ${ref}, the newest succeeded build at ${newestSucceeded}`)
      // What runs is the branch's commit, an older deploy rolled back to, or the commit of a build that
      // is explicitly failed (killed after its release went live, before the push could succeed).
      const live = current[0]?.slug && (await api('GET', `/apps/crashy/slugs/${current[0].slug.id}`)).body.commit as string
      const explained = !live || live === ref || builds.some((b) => b.source_blob.version === live && (b.status === 'failed' || b.status === 'succeeded'))
      if (!explained) violations.push(`${where}: v${current[0]!.version} runs ${live}, which no build made, while the branch is at ${ref}`)
      // Enough to judge; stopping early keeps a broken build of Berth within the time budget.
      if (violations.length >= MAX_VIOLATIONS) break
    }

    const sorted = [...serveTimes].sort((a, b) => a - b)
    t.diagnostic(`kills: ${kills}, seed ${SEED}, invariant violations: ${violations.length}; builds caught mid-way and failed at restart: ${caught.builds}`)
    t.diagnostic(`served again after restart: median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`)
    for (const violation of violations) t.diagnostic(violation)
    assert.deepEqual(violations, [])
  })
})
