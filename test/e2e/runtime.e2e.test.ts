import assert from 'node:assert/strict'
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DockerEngine } from '../../src/scheduler/docker/docker-engine.js'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { startLoad } from '../support/load.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_runtime_key_0123456789ab'
const BASE_ENV = { BERTH_ADMIN_API_KEY: KEY, BERTH_BOOT_TIMEOUT: '3', BERTH_STOP_TIMEOUT: '3', BERTH_CRASH_COOLOFF: '1', BERTH_ROUTER_TIMEOUT: '2' }
const docker = process.getuid?.() === 0 ? await DockerEngine.connect().catch(() => null) : null
after(() => docker?.close())

// The same behaviour whichever scheduler runs the dynos: local sandboxes, or containers on Docker.
for (const scheduler of ['local', 'docker'] as const) describe(`runtime: dynos, router and zero-downtime rollouts (${scheduler} dynos)`, {
  skip: scheduler === 'docker' && !docker && 'no Docker Engine here',
}, () => {
  // A container's exit reaches Berth up to a second later (its docker run returns once the engine removed it), which
  // would make a dyno that crashes twice within the 1 s cool-off unit look stable: containers get 3 s.
  const RUNTIME_ENV: Record<string, string> = scheduler === 'docker'
    ? { ...BASE_ENV, BERTH_CRASH_COOLOFF: '3', BERTH_SCHEDULER: 'docker', BERTH_DOCKER_NETWORK: '10.214.48.0/24' }
    : BASE_ENV
  let berth: BerthProcess
  const api = apiClient(() => berth.apiUrl, KEY)

  const serve = async (app: string, path = '/') => {
    const response = await routerGet(berth.routerUrl, `${app}.localhost`, path)
    return { status: response.status, json: response.status === 200 ? JSON.parse(response.body) : null, body: response.body }
  }
  const current = async (app: string) => (await api('GET', `/apps/${app}/releases`)).body.find((r: any) => r.current)
  const deployInspector = async (app: string) => {
    assert.equal((await api('POST', '/apps', { name: app })).status, 201)
    const dir = await fixtureRepo('inspector')
    const pushed = await git(['push', remoteUrl(berth.apiUrl, app, KEY), 'main'], dir)
    assert.equal(pushed.code, 0, pushed.stderr)
    return dir
  }

  before(async () => { berth = await startBerthProcess(RUNTIME_ENV) })
  after(async () => berth.stop())

  it('serves a deploy, then the new config, then the rolled-back config, with router headers', async () => {
    await deployInspector('serves')
    assert.deepEqual(Object.values((await serve('serves')).json).slice(0, 3), ['hello', 'v3', 'web.1'])
    await api('PATCH', '/apps/serves/config-vars', { GREETING: 'ahoy' })
    assert.deepEqual([(await serve('serves')).json.greeting, (await serve('serves')).json.release], ['ahoy', 'v4'])
    await api('POST', '/apps/serves/releases', { release: 3 })
    assert.deepEqual([(await serve('serves')).json.greeting, (await serve('serves')).json.release], ['hello', 'v5'])
    assert.equal((await current('serves')).version, 5)
    const response = await routerGet(berth.routerUrl, 'serves.localhost', '/headers', { 'X-Request-Id': 'client-supplied-request-id-1234' })
    const headers = JSON.parse(response.body)
    assert.equal(headers['x-request-id'], 'client-supplied-request-id-1234')
    assert.equal(headers['x-forwarded-for'], '127.0.0.1')
    assert.equal(headers['x-forwarded-proto'], 'http')
    assert.match(headers['x-request-start'], /^\d{13}$/)
    assert.match(headers.via, /berth/)
  })

  it('drops no request under load through a deploy, a config change, a rollback and a restart', async () => {
    const dir = await deployInspector('steady')
    const load = startLoad(berth.routerUrl, 'steady.localhost', { clients: 20, maxRequests: 50_000, label: (body) => JSON.parse(body).release })
    // And over HTTPS, on a certificate the local CA minted for the app's name.
    const ca = readFileSync(join(berth.dataDir, 'tls', 'ca.crt'), 'utf8')
    const secure = startLoad(berth.routerTlsUrl, 'steady.localhost', { clients: 4, maxRequests: 20_000, label: (body) => JSON.parse(body).release, ca })
    appendFileSync(join(dir, 'server.js'), '\n// v2\n')
    await git(['commit', '-q', '-am', 'v2'], dir)
    assert.equal((await git(['push', remoteUrl(berth.apiUrl, 'steady', KEY), 'main'], dir)).code, 0)
    await api('PATCH', '/apps/steady/config-vars', { GREETING: 'under load' })
    await api('POST', '/apps/steady/releases', { release: 3 })
    const restarted = await api('DELETE', '/apps/steady/dynos')
    assert.equal(restarted.status, 202, JSON.stringify(restarted.body))
    await waitFor(async () => (await serve('steady')).json?.release === 'v6')
    for (const [scheme, result] of [['http', await load.stop()], ['https', await secure.stop()]] as const) {
      assert.deepEqual(result.failed, [], `${scheme}: ${result.failed.length} of ${result.ok + result.failed.length} requests failed`)
      assert.ok(result.ok > 50, `${scheme}: only ${result.ok} requests ran`)
      assert.ok(['v3', 'v4', 'v5', 'v6'].every((v) => result.seen.has(v)), `${scheme}: releases seen: ${[...result.seen.keys()]}`)
    }
  })

  it('keeps the old release serving when a new one crashes at boot, never binds, or fails its release phase', async () => {
    const dir = await deployInspector('resilient')
    const procfile = join(dir, 'Procfile')
    for (const [web, reason] of [["node -e \"process.exit(1)\"", 'crash'], ["node -e \"setInterval(() => {}, 1000)\"", 'no bind']] as const) {
      writeFileSync(procfile, `web: ${web}\nworker: node worker.js\nrelease: node release.js\n`)
      await git(['commit', '-q', '-am', reason], dir)
      const pushed = await git(['push', remoteUrl(berth.apiUrl, 'resilient', KEY), 'main'], dir)
      assert.match(pushed.stderr, /Verifying deploy\.\.\. failed/, reason)
      assert.equal((await serve('resilient')).json.release, 'v3', reason)
    }
    const releases = (await api('GET', '/apps/resilient/releases')).body
    assert.deepEqual(releases.slice(2).map((r: any) => [r.version, r.status, r.current]), [[3, 'succeeded', true], [4, 'failed', false], [5, 'failed', false]])

    await api('PATCH', '/apps/resilient/config-vars', { FAIL_RELEASE: '1' })
    const failed = await current('resilient')
    assert.equal(failed.version, 3)
    const v6 = (await api('GET', '/apps/resilient/releases/6')).body
    assert.equal(v6.status, 'failed')
    const output = await fetch(v6.output_stream_url)
    assert.match(await output.text(), /release phase for v6\nmigration failed/)
    const events = await fetch(v6.output_stream_url, { headers: { Accept: 'text/event-stream' } })
    assert.match(events.headers.get('content-type') ?? '', /text\/event-stream/)
    assert.match(await events.text(), /id: 1\ndata: release phase for v6\n\nid: 2\ndata: migration failed\n\n/)
    assert.equal((await serve('resilient')).json.release, 'v3')
  })

  it('runs one rollout at a time per app: a release overtaken while waiting is superseded, not failed', async () => {
    await deployInspector('queued')
    await api('PATCH', '/apps/queued/config-vars', { RELEASE_SLEEP_MS: '1500' })
    const [a, b, c] = await Promise.all(['A', 'B', 'C'].map(async (key, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 150))
      return (await api('PATCH', '/apps/queued/config-vars', { [key]: '1' })).status
    }))
    assert.deepEqual([a, b, c], [200, 200, 200])
    const releases = (await api('GET', '/apps/queued/releases')).body.slice(-3)
    assert.deepEqual(releases.map((r: any) => [r.version, r.status, r.current]), [[5, 'succeeded', false], [6, 'succeeded', false], [7, 'succeeded', true]])
    assert.equal((await fetch(releases[1].output_stream_url)).status, 404, 'the superseded release never ran its release phase')
    assert.equal((await serve('queued')).json.release, 'v7')
    const config = (await api('GET', '/apps/queued/config-vars')).body
    assert.deepEqual([config.A, config.B, config.C], ['1', '1', '1'])
  })

  it('scales web and worker dynos, spreads requests, answers H14 at zero, and restarts or stops dynos', async () => {
    await deployInspector('scaled')
    const scaled = await api('PATCH', '/apps/scaled/formation', { updates: [{ type: 'web', quantity: '3' }, { type: 'worker', quantity: '+1', size: 'Standard-2X' }] })
    assert.deepEqual(scaled.body.map((f: any) => [f.type, f.quantity, f.size]).sort(), [['release', 0, 'Basic'], ['web', 3, 'Basic'], ['worker', 1, 'Standard-2X']])
    await waitFor(async () => (await api('GET', '/apps/scaled/dynos')).body.filter((d: any) => d.state === 'up').length === 4)
    const dynosSeen = new Set<string>()
    for (let i = 0; i < 9; i++) dynosSeen.add((await serve('scaled')).json.dyno)
    assert.deepEqual([...dynosSeen].sort(), ['web.1', 'web.2', 'web.3'])
    // heroku ps --extended: the machine each runs on, and where the router reaches it.
    const extended = (await api('GET', '/apps/scaled/dynos?extended=true')).body.map((d: any) => [d.name, d.extended.instance, typeof d.extended.ip, d.extended.port === null])
    assert.deepEqual(extended.sort(), [['web.1', hostname(), 'string', false], ['web.2', hostname(), 'string', false], ['web.3', hostname(), 'string', false], ['worker.1', hostname(), 'string', true]])
    assert.equal((await api('GET', '/apps/scaled/dynos')).body[0].extended, undefined)
    assert.equal((await api('PATCH', '/apps/scaled/formation/release', { quantity: 1 })).status, 422)
    assert.equal((await api('PATCH', '/apps/scaled/formation/nope', { quantity: 1 })).status, 404)
    assert.equal((await api('PATCH', '/apps/scaled/formation', { updates: [{ type: 'web', quantity: 'many' }] })).status, 422)

    const before = (await api('GET', '/apps/scaled/dynos')).body.find((d: any) => d.name === 'web.2')
    assert.equal((await api('POST', '/apps/scaled/dynos/web.2/actions/stop')).status, 202)
    await waitFor(async () => {
      const web2 = (await api('GET', '/apps/scaled/dynos')).body.find((d: any) => d.name === 'web.2' && d.state === 'up')
      return web2 && web2.updated_at >= before.updated_at
    }, { what: 'web.2 to come back after ps:stop' })
    assert.equal((await api('DELETE', '/apps/scaled/formations/web')).status, 202)

    await api('PATCH', '/apps/scaled/formation/web', { quantity: 0 })
    await waitFor(async () => (await serve('scaled')).status === 503)
    assert.match((await serve('scaled')).body, /Application error/)
    assert.equal((await api('POST', '/apps/scaled/dynos', { command: 'echo one-off' })).status, 201)
  })

  it('answers a restart whose new dynos crash with a clear 503, and the running dynos keep serving', async () => {
    await deployInspector('restart-fails')
    // Dynos booted from this moment on crash at boot; the one v4 starts now comes up before it. The margin
    // is wide because a loaded machine can take seconds to start a container dyno.
    const crashFrom = Date.now() + 12_000
    await api('PATCH', '/apps/restart-fails/config-vars', { CRASH_AT_BOOT_AFTER: String(crashFrom) })
    await waitFor(async () => (await serve('restart-fails')).json?.release === 'v4', { what: 'v4 serving' })
    const serving = (await serve('restart-fails')).json
    assert.ok(Date.now() < crashFrom, 'v4 booted before the cue')
    await waitFor(() => Date.now() > crashFrom, { timeoutMs: 15_000, what: 'the cue to pass' })
    const restarted = await api('DELETE', '/apps/restart-fails/dynos')
    assert.equal(restarted.status, 503)
    assert.equal(restarted.body.id, 'unavailable')
    assert.match(restarted.body.message, /^The restarted dynos did not come up \(.*exited with status 1.*\); the dynos that were running keep serving/)
    assert.deepEqual((await serve('restart-fails')).json.startedAt, serving.startedAt, 'the same dyno still answers')
  })

  it('passes connection upgrades (WebSockets) through to the dyno', async () => {
    await deployInspector('upgrades')
    const url = new URL(berth.routerUrl)
    const echoed = await new Promise<string>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/socket', headers: { Host: 'upgrades.localhost', Connection: 'Upgrade', Upgrade: 'echo' } })
      req.on('upgrade', (res, socket) => {
        assert.equal(res.statusCode, 101)
        socket.once('data', (data) => {
          resolve(String(data))
          socket.destroy()
        })
        socket.write('ping through the router')
      })
      req.on('error', reject)
      req.end()
    })
    assert.equal(echoed, 'ping through the router')
  })

  it('answers H12 when a dyno is too slow, H13 when it closes the connection without answering, and H10 when every web dyno crashed', async () => {
    await deployInspector('faulty')
    const slow = await routerGet(berth.routerUrl, 'faulty.localhost', '/slow?ms=3500')
    assert.deepEqual([slow.status, /Application error/.test(slow.body)], [503, true], 'H12 after the router timeout (2 s here)')
    const hangup = await routerGet(berth.routerUrl, 'faulty.localhost', '/hangup')
    assert.deepEqual([hangup.status, /Application error/.test(hangup.body)], [503, true])
    assert.equal((await serve('faulty')).status, 200, 'the dyno itself is fine')
    // First crash: restarted at once. Second crash: a cool-off (1 s here), during which the app is down.
    const first = (await serve('faulty')).json.startedAt
    await routerGet(berth.routerUrl, 'faulty.localhost', '/crash')
    await waitFor(async () => {
      const now = await serve('faulty')
      return now.status === 200 && now.json.startedAt !== first
    }, { what: 'the immediate restart' })
    await routerGet(berth.routerUrl, 'faulty.localhost', '/crash')
    await waitFor(async () => (await api('GET', '/apps/faulty/dynos')).body.some((d: any) => d.state === 'crashed'), { what: 'the crashed state' })
    const crashed = await serve('faulty')
    assert.deepEqual([crashed.status, /Application error/.test(crashed.body)], [503, true])
    await waitFor(async () => (await serve('faulty')).status === 200, { what: 'the restart after the cool-off' })
  })

  it('answers maintenance mode with H80 and a blank app with H81', async () => {
    await deployInspector('maint')
    await api('PATCH', '/apps/maint', { maintenance: true })
    const down = await serve('maint')
    assert.equal(down.status, 503)
    assert.match(down.body, /maintenance mode/)
    await api('PATCH', '/apps/maint', { maintenance: false })
    assert.equal((await serve('maint')).status, 200)
    await api('POST', '/apps', { name: 'blank-app' })
    const blank = await serve('blank-app')
    assert.deepEqual([blank.status, /Nothing deployed yet/.test(blank.body)], [502, true])
  })

  it("keeps dynos out of Berth's data dir", async () => {
    await deployInspector('sandboxed')
    const attempt = (await serve('sandboxed', `/read?path=${encodeURIComponent(join(berth.dataDir, 'secret.key'))}`)).json
    assert.deepEqual(attempt, { read: false, code: 'ENOENT' })
  })

  /** Pids of processes that carry a dyno marker for this app's releases (the test runs as root). */
  const dynoPids = (releaseId: string) => readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`BERTH_DYNO_ID=${releaseId}`)
    } catch {
      return false
    }
  })

  it(scheduler === 'docker'
    ? 'adopts the running containers after the server is killed with SIGKILL: the same dynos serve, none doubled, none orphaned'
    : 'brings apps back after the server is killed with SIGKILL, leaving no orphan dynos', async () => {
    await deployInspector('survivor')
    const releaseId = (await current('survivor')).id
    const oldPids = dynoPids(releaseId)
    assert.ok(oldPids.length > 0, 'the dyno processes are visible')
    const oldDynos = (await api('GET', '/apps/survivor/dynos')).body
    assert.equal(oldDynos.length, 1)
    const before = (await serve('survivor')).json
    const dataDir = berth.dataDir
    await berth.kill()
    berth = await startBerthProcess(RUNTIME_ENV, { dataDir })
    await waitFor(async () => (await serve('survivor')).status === 200, { timeoutMs: 20_000, what: 'the app to serve again' })
    const after = (await serve('survivor')).json
    assert.equal(after.release, before.release)
    const dynos = (await api('GET', '/apps/survivor/dynos')).body
    assert.deepEqual(dynos.map((d: any) => [d.name, d.state]), [['web.1', 'up']])
    if (scheduler === 'docker') {
      assert.equal(after.startedAt, before.startedAt, 'the same container serves')
      const containers = (await docker!.check(['ps', '--all', '--format', '{{.Label "berth.dyno"}}'], 'docker ps')).split('\n').filter((marker) => marker.startsWith(`${releaseId}:`))
      assert.equal(containers.length, 1, `one container for the app, none doubled or left over: ${containers.join(', ')}`)
      // Attached again: scaling down stops it.
      assert.equal((await api('PATCH', '/apps/survivor/formation/web', { quantity: 0 })).status, 200)
      await waitFor(async () => (await docker!.check(['ps', '--all', '--format', '{{.Label "berth.dyno"}}'], 'docker ps')).split('\n').every((marker) => !marker.startsWith(`${releaseId}:`)), { what: 'the adopted container to stop' })
    } else {
      assert.ok(after.startedAt > before.startedAt, 'a new dyno process serves')
      assert.deepEqual(oldPids.filter((pid) => dynoPids(releaseId).includes(pid)), [], 'no process of the old dynos survived')
    }
  })
})
