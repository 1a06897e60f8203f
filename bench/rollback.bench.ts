// npm run bench:rollback [-- --scheduler docker|swarm] — under steady load through the router, 20 rollbacks
// alternating between two releases, on local dynos (and on container dynos or swarm services, in the same run). Reports failed requests, the time from the rollback API call to the first response
// from the new release and to the last response from the old one, and the app's own boot time
// (the floor), measured alone in the same run (for swarm, also before each rollback under its load, with the same pauses). Prints JSON.
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseIpv4Network } from '../src/core/net/ipv4-network.js'
import { ContainerDynos } from '../src/scheduler/docker/container-dynos.js'
import { DockerEngine } from '../src/scheduler/docker/docker-engine.js'
import { accepts, freePort } from '../src/scheduler/local/free-port.js'
import { startBerthProcess } from '../test/support/berth-process.js'
import { git, remoteUrl } from '../test/support/git.js'
import { ensureTestStackImage, MANAGER_ADDRESS, startTestSwarm, swarmUnavailable, TEST_STACK_IMAGE } from '../test/support/swarm.js'
import { openServiceStarts, serviceBoots } from './support/service-boots.js'

const KEY = 'berth_bench_rollback_key_0123456789'
const ROLLBACKS = 20
const CLIENTS = 20
/** Between a rollback and the floor's start measured under load after it, and back. */
const SETTLE_MS = 2000
const FIXTURE = new URL('../test/fixtures/apps/inspector/', import.meta.url).pathname

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10
}

/** The app's own boot time: spawn it and wait until it accepts connections. */
async function bootTimeMs(dir: string): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, ['server.js'], { cwd: dir, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' })
  while (!(await accepts(port))) await new Promise((resolve) => setTimeout(resolve, 2))
  const elapsed = performance.now() - started
  child.kill()
  return elapsed
}

const schedulerArg = process.argv.indexOf('--scheduler')
const scheduler = schedulerArg === -1 ? 'local' : process.argv[schedulerArg + 1]
if (scheduler !== 'local' && scheduler !== 'docker' && scheduler !== 'swarm') throw new Error(`--scheduler must be local, docker or swarm, got ${scheduler}`)
const DOCKER_NETWORK = '10.214.64.0/24'

/**
 * A container's own start time, the floor for container dynos: the same container Berth runs for
 * a web dyno of this app (ContainerDynos' launch), from `docker run` until it accepts connections.
 */
async function containerBoots(dir: string): Promise<number[]> {
  const engine = await DockerEngine.connect()
  const containers = await ContainerDynos.open({
    engine, serverTag: 'benchfloor', network: parseIpv4Network('10.214.65.0/24')!, user: { uid: 65534, gid: 65534 }, slugs: { ensure: async () => dir },
  })
  const times: number[] = []
  try {
    for (let i = 0; i < 10; i++) {
      const spec = { appId: 'a', appName: 'a', name: 'web.1', type: 'web', releaseId: 'r', releaseVersion: 1, slugId: 's', slugChecksum: null, command: 'node server.js', size: 'Basic', env: {}, healthCheckPath: null }
      const port = await freePort()
      const launch = await containers.launch(spec, `floor-${i}`, port)
      const started = performance.now()
      const child = spawn(launch.plan.file, launch.plan.args, { env: launch.plan.env, stdio: 'ignore' })
      while (!(await accepts(port, launch.host, 20))) await new Promise((resolve) => setTimeout(resolve, 2))
      times.push(performance.now() - started)
      child.kill()
      await launch.release()
    }
  } finally {
    await containers.close()
  }
  return times
}

// The inspector app without its release phase, so a rollback is only boot, switch and drain.
// A fresh copy per server, so each one gets the same two pushes.
const appCopy = () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-rollback-'))
  cpSync(FIXTURE, dir, { recursive: true })
  // Readable by the dyno user, for the container floor (the slug Berth unpacks is made readable the same way).
  spawnSync('chmod', ['-R', 'a+rX', dir])
  writeFileSync(join(dir, 'Procfile'), 'web: node server.js\n')
  return dir
}
const app = appCopy()
const boots: number[] = []
for (let i = 0; i < 10; i++) boots.push(await bootTimeMs(app))

/**
 * `underLoad`: one start of the floor while the clients load the router, just before each rollback
 * (the same start, on the same shared cores, as the rollbacks' dynos get, interleaved with them so
 * that drift on this shared machine falls on both); null when the engine failed it.
 */
async function rollbacks(env: Record<string, string>, boots: number[], slackMs: number, underLoad?: () => Promise<number | null>) {
  const app = appCopy()
  // Compiled, as `npm start` runs it (the script builds first): a dyno's follower process, too, is then plain JavaScript.
  const berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_RATE_LIMIT: '0', BERTH_STOP_TIMEOUT: '5', ...env }, { compiled: true })
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(berth.apiUrl + path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' } })
    return response.json() as Promise<{ version: number }>
  }
  try {
    await api('POST', '/apps', { name: 'flipper' })
    await git(['init', '-q', '-b', 'main'], app)
    await git(['add', '-A'], app)
    await git(['commit', '-q', '-m', 'a'], app)
    const remote = remoteUrl(berth.apiUrl, 'flipper', KEY)
    await git(['push', '-q', remote, 'main'], app)
    writeFileSync(join(app, 'b.txt'), 'b')
    await git(['add', '-A'], app)
    await git(['commit', '-q', '-m', 'b'], app)
    await git(['push', '-q', remote, 'main'], app)

    // Steady load: every response is recorded with its time and the release that served it.
    const router = new URL(berth.routerUrl)
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS })
    const responses: { at: number; release: string; ok: boolean }[] = []
    let running = true
    const get = () => new Promise<void>((resolve) => {
      const req = request({ host: router.hostname, port: router.port, path: '/', headers: { Host: 'flipper.localhost' }, agent }, (res) => {
        let body = ''
        res.on('data', (chunk) => { body += chunk })
        res.on('end', () => {
          const ok = res.statusCode === 200
          responses.push({ at: performance.now(), release: ok ? JSON.parse(body).release : '', ok })
          resolve()
        })
      })
      req.on('error', () => {
        responses.push({ at: performance.now(), release: '', ok: false })
        resolve()
      })
      req.end()
    })
    const loops = Array.from({ length: CLIENTS }, async () => { while (running) await get() })
    await new Promise((resolve) => setTimeout(resolve, 500))
    const loadedBoots: number[] | null = underLoad ? [] : null

    const switches: number[] = []
    const oldTails: number[] = []
    let serving = 'v4'
    for (let i = 0; i < ROLLBACKS; i++) {
      const target = i % 2 === 0 ? 3 : 4
      if (underLoad) {
        // Each start, the floor's and the rollback's, after the same pause: the engine is done
        // stopping and removing the one before (the dynos the last rollback replaced, the last floor).
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
        const loaded = await underLoad()
        if (loaded !== null) loadedBoots?.push(loaded)
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
      }
      const calledAt = performance.now()
      const release = await api('POST', '/apps/flipper/releases', { release: target })
      const newVersion = `v${release.version}`
      while (!responses.some((r) => r.at > calledAt && r.release === newVersion)) await new Promise((resolve) => setTimeout(resolve, 5))
      await new Promise((resolve) => setTimeout(resolve, 300))
      const after = responses.filter((r) => r.at > calledAt)
      switches.push(Math.min(...after.filter((r) => r.release === newVersion).map((r) => r.at)) - calledAt)
      const oldOnes = after.filter((r) => r.release === serving)
      oldTails.push(oldOnes.length ? Math.max(...oldOnes.map((r) => r.at)) - calledAt : 0)
      serving = newVersion
    }
    running = false
    await Promise.all(loops)
    agent.destroy()

    const bootP50 = percentile(boots, 50)
    return {
      rollbacks: ROLLBACKS,
      clients: CLIENTS,
      requests: responses.length,
      failed_requests: responses.filter((r) => !r.ok).length,
      app_boot_ms: { p50: bootP50, p99: percentile(boots, 99) },
      api_call_to_first_new_response_ms: { p50: percentile(switches, 50), p99: percentile(switches, 99) },
      api_call_to_last_old_response_ms: { p50: percentile(oldTails, 50), p99: percentile(oldTails, 99) },
      ...(loadedBoots ? { app_boot_under_load_ms: { p50: percentile(loadedBoots, 50), p99: percentile(loadedBoots, 99) } } : {}),
      targets: { failed_requests: 0, switch_p50_max_ms: Math.round((bootP50 + slackMs) * 10) / 10 },
      met: {
        zero_failures: responses.every((r) => r.ok), [`switch_within_boot_plus_${slackMs}ms`]: percentile(switches, 50) <= bootP50 + slackMs,
        ...(loadedBoots ? { [`switch_within_boot_under_load_plus_${slackMs}ms`]: percentile(switches, 50) <= percentile(loadedBoots, 50) + slackMs } : {}),
      },
    }
  } finally {
    await berth.stop()
  }
}

// Local dynos always (the baseline); with --scheduler docker or swarm, those dynos too, in the same run.
const result: Record<string, unknown> = { benchmark: 'rollback', local: await rollbacks({}, boots, 100) }
if (scheduler === 'docker') {
  result.docker = await rollbacks({ BERTH_SCHEDULER: 'docker', BERTH_DOCKER_NETWORK: DOCKER_NETWORK }, await containerBoots(app), 150)
}
if (scheduler === 'swarm') {
  const unavailable = await swarmUnavailable()
  if (unavailable) throw new Error(`--scheduler swarm cannot run here: ${unavailable}`)
  const engine = await DockerEngine.connect()
  await ensureTestStackImage(engine, ['--import', 'tsx', new URL('../src/main/cli.ts', import.meta.url).pathname])
  await engine.close()
  // The two-node swarm of the e2e tests (both nodes on this machine), left whatever happens.
  const swarm = await startTestSwarm()
  try {
    const floor = await serviceBoots(app, swarm)
    process.stderr.write(`swarm floor: service create → container started p50 ${percentile(floor.toContainerStart, 50)} ms, → accepting p50 ${percentile(floor.times, 50)} ms (${floor.failedStarts} starts the engine failed, left out)\n`)
    // Apart from the first floor's, whose network the swarm may still be removing.
    const starts = await openServiceStarts(app, swarm, 'benchfloor2')
    try {
      // Its first start makes the floor app's overlay network: not counted.
      await starts.start()
      result.swarm = await rollbacks({
        BERTH_SCHEDULER: 'swarm', BERTH_STACK_IMAGE: TEST_STACK_IMAGE, BERTH_SWARM_SLUG_ADDRESS: `${MANAGER_ADDRESS}:0`,
        BERTH_STOP_TIMEOUT: '6', BERTH_BOOT_TIMEOUT: '10', BERTH_CRASH_COOLOFF: '3',
      }, floor.times, 150, async () => (await starts.start())?.ms ?? null)
      process.stderr.write(`swarm floor under load, between the rollbacks: ${starts.failedStarts()} starts the engine failed, left out\n`)
    } finally {
      await starts.close()
    }
  } finally {
    await swarm.leave()
  }
}
process.stdout.write(JSON.stringify(result, null, 2) + '\n')
