import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { appendFileSync, chmodSync, createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { create as createTar } from 'tar'
import type { LogLine } from '../../src/logs/log-sink.js'
import { DockerEngine } from '../../src/scheduler/docker/docker-engine.js'
import { DynoPorts } from '../../src/scheduler/local/dyno-ports.js'
import { LocalScheduler } from '../../src/scheduler/local/local-scheduler.js'
import { runSchedulerContract, specFor, type SchedulerHarness } from '../../src/scheduler/scheduler.contract.js'
import { SlugServer } from '../../src/scheduler/swarm/slug-server.js'
import { loadNodeFence } from '../../src/scheduler/swarm/node-fence.js'
import { SwarmDynos } from '../../src/scheduler/swarm/swarm-dynos.js'
import { MemoryMeter } from '../../src/scheduler/swarm/memory-meter.js'
import { startVolumeSweeper } from '../../src/scheduler/swarm/volume-sweeper.js'
import { EngineApi } from '../../src/scheduler/docker/engine-api.js'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { startLoad } from '../support/load.js'
import { routerGet } from '../support/router-client.js'
import { ensureTestStackImage, MANAGER_ADDRESS, startTestSwarm, swarmUnavailable, TEST_STACK_IMAGE, WORKER_NAME, WORKER_NETNS, type TestSwarm } from '../support/swarm.js'
import { inspectorProbes } from '../support/inspector-probes.js'
import { waitFor } from '../support/wait-for.js'

const BERTH_CLI = ['--import', 'tsx', new URL('../../src/main/cli.ts', import.meta.url).pathname]
const FIXTURES = new URL('../fixtures/apps/', import.meta.url).pathname
const unavailable = await swarmUnavailable()

/** A BERTH_RUNTIMES_DIR with one runtime in it, `probe/1.0/marker`, readable by dynos. */
function operatorRuntimes(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-operator-runtimes-'))
  mkdirSync(join(dir, 'probe', '1.0'), { recursive: true })
  writeFileSync(join(dir, 'probe', '1.0', 'marker'), 'from the operator\n')
  for (const path of [dir, join(dir, 'probe'), join(dir, 'probe', '1.0')]) chmodSync(path, 0o755)
  return dir
}

/** The inspector fixture as a slug archive (what the blob store holds), and its checksum. */
async function inspectorArchive(dir: string): Promise<{ file: string; checksum: string }> {
  const file = join(dir, 'inspector.tgz')
  await createTar({ gzip: true, file, cwd: join(FIXTURES, 'inspector'), portable: true }, ['.'])
  return { file, checksum: `SHA256:${createHash('sha256').update(readFileSync(file)).digest('hex')}` }
}

/**
 * The Scheduler contract's dynos as Swarm services: each fixture's slug fetched from a slug URL, in
 * the stack image; with `metered`, their memory read by the meter and checked every second.
 */
async function swarmHarness(metered = false): Promise<SchedulerHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-swarm-data-'))
  const archive = await inspectorArchive(dataDir)
  const lines: LogLine[] = []
  const slugServer = await SlugServer.listen({ host: MANAGER_ADDRESS, port: 0, archives: { get: async () => createReadStream(archive.file) } })
  const engine = await DockerEngine.connect()
  const serverTag = `c${process.pid.toString(16)}`
  const meter = metered ? await MemoryMeter.start({ api: EngineApi.at(engine.host), image: TEST_STACK_IMAGE, serverTag, intervalSeconds: 1 }) : undefined
  const dynos = await SwarmDynos.open({ engine, serverTag, image: TEST_STACK_IMAGE, slugUrl: (id) => slugServer.url(id), user: { uid: 65534, gid: 65534 }, stopTimeoutMs: 6000, meter })
  // The contract's fixtures other than inspector are commands run over the inspector's slug.
  const scheduler = new LocalScheduler({
    runDir: dataDir, bwrap: null, user: null, ports: new DynoPorts(21000, 21999), slugs: { ensure: async () => dataDir }, logs: { write: (line) => lines.push(line) },
    bootTimeoutMs: 20_000, stopTimeoutMs: 6000, cooloffUnitMs: 60_000, stableAfterMs: 60_000, memoryCheckMs: metered ? 1000 : 0,
    onError: (error) => { throw error },
    launcher: (spec, id, port, task) => dynos.launch({ ...spec, slugId: 'inspector', slugChecksum: archive.checksum }, id, port, task),
  })
  return {
    scheduler, lines, ...inspectorProbes(dataDir),
    cleanup: async () => {
      await scheduler.shutdown()
      await meter?.close()
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

  runSchedulerContract('Docker Swarm (dynos as services)', () => swarmHarness())

  it('logs R14 for a dyno on another node over its size, and R15 when its node\'s kernel kills it at twice that', async (t) => {
    const h = await swarmHarness(true)
    // Only the worker takes new dynos for now.
    const managerId = (await swarm.manager.check(['info', '--format', '{{.Swarm.NodeID}}'], 'info')).trim()
    await swarm.manager.check(['node', 'update', '--availability', 'drain', managerId], 'drain the manager')
    t.after(async () => {
      await swarm.manager.check(['node', 'update', '--availability', 'active', managerId], 'the manager back')
      await h.cleanup()
    })
    // Basic is 512 MB: hold 700 MB (R14), then grow to 1.2 GB, past the container's 1 GB limit: the kernel kills it.
    const hog = "const held = [Buffer.alloc(700 * 1024 * 1024, 1)]; console.log('holding 700M'); setTimeout(() => { held.push(Buffer.alloc(500 * 1024 * 1024, 1)); console.log('holding 1.2G') }, 6000); setInterval(() => {}, 1000)"
    const spec = { ...specFor('inspector'), name: 'worker.1', type: 'worker', command: `node -e "${hog}"` }
    await h.scheduler.apply(spec.appId, [spec])
    await waitFor(() => h.scheduler.list(spec.appId)[0]?.node !== undefined, { timeoutMs: 30_000, what: 'the dyno placed' })
    assert.equal(h.scheduler.list(spec.appId)[0]!.node, WORKER_NAME)
    const messages = () => h.lines.filter((l) => l.appId === spec.appId && l.source === 'heroku').map((l) => l.message)
    await waitFor(() => messages().includes('Error R14 (Memory quota exceeded)'), { timeoutMs: 30_000, what: `R14:\n${messages().join('\n')}` })
    // A reading may land while the 700 MB are still being filled: the next ones see it whole.
    await waitFor(() => messages().some((m) => /^Process running mem=(6|7)\d\dM\(1\d\d\.\d%\)$/.test(m)), { timeoutMs: 8000, what: `the 700 MB reported:\n${messages().join('\n')}` })
    await waitFor(() => messages().includes('Error R15 (Memory quota vastly exceeded)'), { timeoutMs: 30_000, what: `R15:\n${messages().join('\n')}` })
    await waitFor(() => messages().includes('State changed from up to crashed'), { timeoutMs: 10_000, what: 'the crash after R15' })
    await h.scheduler.apply(spec.appId, [])
  })

  it('sweeps the volumes of its server that no container uses on every node, and nothing else', async (t) => {
    const tag = `sweep${Date.now().toString(36)}`
    const { manager, worker } = swarm
    const sweeper = await startVolumeSweeper({ api: EngineApi.at(manager.host), image: TEST_STACK_IMAGE, serverTag: tag, everySeconds: 1 })
    const volumes = async () => (await manager.check(['volume', 'ls', '--quiet', '--filter', `name=${tag}`], 'volume ls')).split('\n').filter(Boolean).sort()
    t.after(async () => {
      await sweeper.close()
      await manager.run(['rm', '--force', `${tag}-holder`])
      for (const volume of await volumes()) await manager.run(['volume', 'rm', volume])
    })
    for (const [name, label] of [[`${tag}-unused`, `berth.server=${tag}`], [`${tag}-used`, `berth.server=${tag}`], [`${tag}-other-server`, 'berth.server=someone-else']] as const) {
      await manager.check(['volume', 'create', '--label', label, name], 'volume create')
    }
    await manager.check(['run', '--detach', '--name', `${tag}-holder`, '--mount', `type=volume,source=${tag}-used,destination=/held`, '--entrypoint', 'sleep', TEST_STACK_IMAGE, '600'], 'run')
    // It runs on every node. The test's worker shares this machine's files, so its sweeper reaches
    // the engine at /var/run/docker.sock too (the manager's): only the manager's sweep is checked here.
    await waitFor(async () => (await worker.check(['ps', '--quiet', '--filter', `label=berth.sweeper=${tag}`], 'ps')).trim() !== '', { timeoutMs: 60_000, what: 'the sweeper on the worker' })
    await waitFor(async () => !(await volumes()).includes(`${tag}-unused`), { timeoutMs: 60_000, what: 'the unused volume swept' })
    assert.deepEqual(await volumes(), [`${tag}-other-server`, `${tag}-used`])
    await sweeper.close()
    assert.equal((await manager.check(['service', 'ls', '--quiet', '--filter', `label=berth.sweeper=${tag}`], 'service ls')).trim(), '', 'gone once closed')
  })

  describe('berth server with BERTH_SCHEDULER=swarm', () => {
    const KEY = 'berth_e2e_swarm_key_0123456789abcd'
    const ENV = {
      BERTH_ADMIN_API_KEY: KEY, BERTH_BOOT_TIMEOUT: '30', BERTH_STOP_TIMEOUT: '6', BERTH_CRASH_COOLOFF: '3', BERTH_ROUTER_TIMEOUT: '5',
      BERTH_SCHEDULER: 'swarm', BERTH_STACK_IMAGE: TEST_STACK_IMAGE, BERTH_SWARM_SLUG_ADDRESS: `${MANAGER_ADDRESS}:5081`,
      // The builds' bridge network: a test range of its own.
      BERTH_DOCKER_NETWORK: '10.214.96.0/24',
      // The operator's runtimes, at the same path on both nodes (they share this machine's files).
      BERTH_RUNTIMES_DIR: operatorRuntimes(),
    }
    let berth: BerthProcess
    const api = apiClient(() => berth.apiUrl, KEY)
    const serve = async (app: string) => {
      const response = await routerGet(berth.routerUrl, `${app}.localhost`)
      return { status: response.status, json: response.status === 200 ? JSON.parse(response.body) : null }
    }
    /** The app's dynos with the machine each runs on (`heroku ps --extended`'s Instance). */
    const dynos = async (app: string) => (await api('GET', `/apps/${app}/dynos?extended=true`)).body as { name: string; state: string; release: { version: number }; extended: { instance: string } }[]
    const services = async () => (await swarm.manager.check(['service', 'ls', '--quiet', '--filter', 'label=berth.server'], 'service ls')).split('\n').filter(Boolean).sort()

    before(async () => {
      berth = await startBerthProcess(ENV)
      // What the README asks of an operator for every other node: load the rules Berth prints.
      const rules = spawnSync(process.execPath, [...BERTH_CLI, 'swarm:node-rules'], { encoding: 'utf8', env: { ...process.env, ...ENV } })
      assert.equal(rules.status, 0, rules.stderr)
      await loadNodeFence(rules.stdout, WORKER_NETNS)
    })
    after(async () => berth?.stop())

    it('spreads web dynos over both nodes, serves from both, and fails no request through a deploy, a config change, a rollback and a restart', async () => {
      assert.equal((await api('POST', '/apps', { name: 'spread' })).status, 201)
      const dir = await fixtureRepo('inspector')
      const pushed = await git(['push', remoteUrl(berth.apiUrl, 'spread', KEY), 'main'], dir)
      assert.equal(pushed.code, 0, pushed.stderr)
      // Built where the dynos run: in the stack image, not on this machine's root.
      assert.match(pushed.stderr, new RegExp(`-----> Building on the .* stack, in the stack image ${TEST_STACK_IMAGE}`))
      await waitFor(async () => (await serve('spread')).status === 200, { timeoutMs: 30_000, what: 'the first deploy to serve' })
      await api('PATCH', '/apps/spread/formation/web', { quantity: 4 })
      await waitFor(async () => (await dynos('spread')).filter((d) => d.state === 'up').length === 4, { timeoutMs: 60_000, what: '4 web dynos up' })
      const placed = await dynos('spread')
      const nodeOf = new Map(placed.map((d) => [d.name, d.extended.instance]))
      assert.deepEqual(new Set(nodeOf.values()).size, 2, `Swarm placed the dynos on both nodes: ${JSON.stringify([...nodeOf])}`)
      assert.ok([...nodeOf.values()].includes(WORKER_NAME))
      const answeredFrom = new Set<string>()
      for (let i = 0; i < 16; i++) answeredFrom.add(nodeOf.get((await serve('spread')).json.dyno)!)
      assert.equal(answeredFrom.size, 2, 'the router reaches dynos on both nodes')
      // The slug's URL and checksum are the entry script's alone: the app never sees them.
      const env = JSON.parse((await routerGet(berth.routerUrl, 'spread.localhost', '/env')).body)
      assert.deepEqual([env.BERTH_SLUG_URL, env.BERTH_SLUG_SHA256, env.HOME, env.DYNO], [undefined, undefined, '/app', env.PS])
      assert.notEqual(env.USER, 'root')

      const load = startLoad(berth.routerUrl, 'spread.localhost', { clients: 8, maxRequests: 100_000, label: (body) => JSON.parse(body).release })
      const releaseServed = (version: string, detail = '') => waitFor(async () => (await serve('spread')).json?.release === version, { timeoutMs: 60_000, what: `${version} serving${detail}` })
      appendFileSync(join(dir, 'server.js'), '\n// v2\n')
      await git(['commit', '-q', '-am', 'v2'], dir)
      const second = await git(['push', remoteUrl(berth.apiUrl, 'spread', KEY), 'main'], dir)
      assert.equal(second.code, 0, second.stderr)
      await releaseServed('v4', `\n${second.stderr}`)
      await api('PATCH', '/apps/spread/config-vars', { GREETING: 'ahoy' })
      await releaseServed('v5')
      await api('POST', '/apps/spread/releases', { release: 3 })
      await releaseServed('v6')
      const beforeRestart = (await serve('spread')).json.startedAt
      assert.equal((await api('DELETE', '/apps/spread/dynos')).status, 202)
      await waitFor(async () => (await serve('spread')).json.startedAt > beforeRestart, { timeoutMs: 60_000, what: 'restarted dynos serving' })
      const result = await load.stop()
      assert.deepEqual(result.failed, [], `failed requests: ${JSON.stringify(result.failed.slice(0, 5))}`)
      assert.ok(result.ok > 100, `only ${result.ok} requests were served`)
      assert.ok(['v3', 'v4', 'v5', 'v6'].every((version) => result.seen.has(version)), JSON.stringify([...result.seen]))
    })

    it('delivers the Node.js an app asks for from Berth\'s runtime store to every node its dynos run on', async () => {
      assert.equal((await api('POST', '/apps', { name: 'engines' })).status, 201)
      const dir = await fixtureRepo('node-engines')
      // The stack image has Debian's Node.js 18 and no npm: 20.x comes from the runtime store, npm into the slug.
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, engines: { node: '20.x' } }))
      await git(['commit', '-q', '-am', 'node 20'], dir)
      const pushed = await git(['push', remoteUrl(berth.apiUrl, 'engines', KEY), 'main'], dir)
      assert.equal(pushed.code, 0, pushed.stderr)
      const stored = /Using node (20\.\d+\.\d+) from Berth's runtime store/.exec(pushed.stderr)?.[1]
      assert.ok(stored, pushed.stderr)
      assert.match(pushed.stderr, /Using npm \d+\.\d+\.\d+ in the slug \(the stack image has none\)/)
      await api('PATCH', '/apps/engines/formation/web', { quantity: 2 })
      await waitFor(async () => (await dynos('engines')).filter((d) => d.state === 'up').length === 2, { timeoutMs: 90_000, what: '2 web dynos up' })
      // Every dyno runs the store's Node.js, on whichever node it lands.
      for (let i = 0; i < 6; i++) {
        const response = await routerGet(berth.routerUrl, 'engines.localhost')
        assert.match(response.body, new RegExp(`^running on v${stored.replace(/\./g, '\\.')} \\(npm start\\)`))
      }
      await api('PATCH', '/apps/engines/formation/web', { quantity: 0 })
    })

    it('fences dynos on every node: no other app\'s dyno, and nothing of Berth\'s machine but the slug server, is in reach', async (t) => {
      assert.equal((await api('POST', '/apps', { name: 'fenced' })).status, 201)
      const pushed = await git(['push', remoteUrl(berth.apiUrl, 'fenced', KEY), 'main'], await fixtureRepo('inspector'))
      assert.equal(pushed.code, 0, pushed.stderr)
      await api('PATCH', '/apps/fenced/formation/web', { quantity: 4 })
      await waitFor(async () => (await dynos('fenced')).filter((d) => d.state === 'up').length === 4, { timeoutMs: 60_000, what: '4 fenced dynos up' })
      // A service of the manager machine's own, on the address the nodes share.
      const service = createServer((_req, res) => res.end('machine service'))
      await new Promise<void>((resolve) => service.listen(39_999, MANAGER_ADDRESS, resolve))
      t.after(() => service.close())
      const spread = (await api('GET', '/apps/spread/dynos?extended=true')).body as { extended: { ip: string; port: number } }[]
      const targets = [...spread.map((d) => `http://${d.extended.ip}:${d.extended.port}/`), `http://${MANAGER_ADDRESS}:39999/`]
      assert.ok(spread.length >= 2 && targets.every((url) => !url.includes('null')), JSON.stringify(spread))
      const release = (await api('GET', '/apps/fenced/releases')).body.find((r: any) => r.current).id as string
      const probed = new Set<string>()
      for (const engine of [swarm.manager, swarm.worker]) {
        const ids = (await engine.check(['ps', '--filter', 'label=berth.dyno', '--format', '{{.ID}} {{.Label "berth.dyno"}}'], 'ps')).split('\n')
          .filter((line) => line.includes(` ${release}:web.`)).map((line) => line.split(' ')[0]!)
        for (const id of ids) {
          const env = JSON.parse(await engine.check(['inspect', '--format', '{{json .Config.Env}}', id], 'inspect')) as string[]
          const slugUrl = env.find((entry) => entry.startsWith('BERTH_SLUG_URL='))!.slice('BERTH_SLUG_URL='.length)
          const curl = async (url: string) => (await engine.run(['exec', '-u', '65534', id, 'curl', '-s', '-m', '1', '-o', '/dev/null', '-w', '%{http_code}', url])).stdout
          assert.equal(await curl(slugUrl), '200', 'the slug server is in reach')
          for (const url of targets) assert.equal(await curl(url), '000', `${url} from a dyno on ${engine === swarm.manager ? 'the manager' : 'the worker'}`)
          probed.add(engine === swarm.manager ? 'manager' : 'worker')
        }
      }
      t.diagnostic(`probed from dynos on: ${[...probed].join(', ')}`)
      assert.equal(probed.size, 2, 'Swarm placed fenced dynos on both nodes')
      await api('PATCH', '/apps/fenced/formation/web', { quantity: 0 })
      await waitFor(async () => (await dynos('fenced')).length === 0, { timeoutMs: 30_000, what: 'the fenced dynos gone' })
    })

    it('reaches its add-ons on Berth\'s loopback from dynos on every node, through Berth\'s relay', async () => {
      assert.equal((await api('POST', '/apps', { name: 'stocked' })).status, 201)
      const pushed = await git(['push', remoteUrl(berth.apiUrl, 'stocked', KEY), 'main'], await fixtureRepo('inspector'))
      assert.equal(pushed.code, 0, pushed.stderr)
      assert.equal((await api('POST', '/apps/stocked/addons', { plan: 'berth-redis' })).status, 201)
      const attached = Math.max(...((await api('GET', '/apps/stocked/releases')).body as { version: number }[]).map((r) => r.version))
      await api('PATCH', '/apps/stocked/formation/web', { quantity: 4 })
      await waitFor(async () => {
        const now = await dynos('stocked')
        return now.length === 4 && now.every((d) => d.state === 'up' && d.release.version === attached)
      }, { timeoutMs: 90_000, what: '4 dynos of the add-on\'s release up' })
      const nodeOf = new Map((await dynos('stocked')).map((d) => [d.name, d.extended.instance]))
      // The app's REDIS_URL names the server on this machine's loopback; its dynos get Berth's relay instead.
      const config = (await api('GET', '/apps/stocked/config-vars')).body as Record<string, string>
      assert.match(config.REDIS_URL!, /@127\.0\.0\.1:6379$/)
      const answered = new Map<string, string>()
      for (let i = 0; i < 40 && new Set(answered.values()).size < 2; i++) {
        const { dyno, redis, reply, error } = JSON.parse((await routerGet(berth.routerUrl, 'stocked.localhost', '/redis')).body)
        assert.deepEqual([redis, reply, error], [`${MANAGER_ADDRESS}:6379`, '+OK\r\n+PONG\r\n', undefined], `from ${dyno} on ${nodeOf.get(dyno)}`)
        answered.set(dyno, nodeOf.get(dyno)!)
      }
      assert.deepEqual(new Set(answered.values()), new Set([...new Set(nodeOf.values())]), 'answered from dynos on every node they run on')
      assert.ok(new Set(answered.values()).has(WORKER_NAME), `a dyno on the worker reached Redis: ${JSON.stringify([...answered])}`)
      // The operator's runtimes are at /runtimes in dynos on both nodes, read-only.
      // Its slug is unpacked once per node, in a volume every dyno of it there shares, read-only to them.
      const { id: release, slug } = (await api('GET', '/apps/stocked/releases')).body.find((r: any) => r.version === attached) as { id: string; slug: { id: string } }
      for (const engine of [swarm.manager, swarm.worker]) {
        const ids = (await engine.check(['ps', '--filter', 'label=berth.dyno', '--format', '{{.ID}} {{.Label "berth.dyno"}}'], 'ps')).split('\n')
          .filter((line) => line.includes(` ${release}:web.`)).map((line) => line.split(' ')[0]!)
        assert.ok(ids.length > 0)
        for (const id of ids) {
          assert.equal(await engine.check(['exec', '-u', '65534', id, 'cat', '/runtimes/probe/1.0/marker'], 'cat'), 'from the operator\n')
          assert.notEqual((await engine.run(['exec', '-u', '65534', id, 'touch', '/runtimes/probe/written'])).code, 0)
          assert.equal((await engine.check(['inspect', id, '--format', '{{range .Mounts}}{{if eq .Destination "/app"}}{{.Name}}{{end}}{{end}}'], 'inspect')).trim(), `berth-slug-${slug.id}`)
          const write = await engine.run(['exec', '-u', '65534', id, 'sh', '-c', 'touch /app/written || touch /app/server.js'])
          assert.notEqual(write.code, 0, 'the dyno cannot change its slug')
        }
      }
      await api('PATCH', '/apps/stocked/formation/web', { quantity: 0 })
      await waitFor(async () => (await dynos('stocked')).length === 0, { timeoutMs: 30_000, what: 'the add-on app\'s dynos gone' })
    })

    it('starts the dynos of a node that goes down on the nodes left, and serves again without manual action', async (t) => {
      const onWorker = [...new Set((await dynos('spread')).filter((d) => d.extended.instance === WORKER_NAME).map((d) => d.name))]
      assert.ok(onWorker.length > 0)
      const cutAt = Date.now()
      swarm.cutWorker()
      await waitFor(async () => (await dynos('spread')).every((d) => !onWorker.includes(d.name) || d.state !== 'up' || d.extended.instance !== WORKER_NAME),
        { timeoutMs: 60_000, intervalMs: 200, what: 'the router to stop sending to the lost node\'s dynos' })
      const droppedAfterMs = Date.now() - cutAt
      await waitFor(async () => {
        const now = await dynos('spread')
        return now.length === 4 && now.every((d) => d.state === 'up' && d.extended.instance !== WORKER_NAME)
      }, { timeoutMs: 120_000, intervalMs: 250, what: 'the lost node\'s dynos to start on the manager' })
      const movedAfterMs = Date.now() - cutAt
      for (let i = 0; i < 20; i++) assert.equal((await serve('spread')).status, 200)
      const figures = { nodeLoss: { dynosMoved: onWorker.length, routerDroppedThemAfterMs: droppedAfterMs, servingFromReplacementsAfterMs: movedAfterMs } }
      t.diagnostic(JSON.stringify(figures))
      console.log(JSON.stringify(figures))
    })

    it('adopts the running services after kill -9 of the server: no duplicates, no orphans', async () => {
      const running = await services()
      assert.equal(running.length, 4)
      await berth.kill()
      berth = await startBerthProcess(ENV, { dataDir: berth.dataDir })
      await waitFor(async () => (await dynos('spread')).filter((d) => d.state === 'up').length === 4, { timeoutMs: 60_000, what: 'the dynos back' })
      assert.equal((await serve('spread')).status, 200)
      assert.deepEqual(await services(), running, 'the same services, adopted')
      await api('PATCH', '/apps/spread/formation/web', { quantity: 1 })
      await waitFor(async () => (await services()).length === 1, { timeoutMs: 30_000, what: 'the scaled-down services removed' })
    })
  })
})
