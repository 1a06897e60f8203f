// npm run bench:router — throughput and latency of (a) the app directly, (b) through Berth's router,
// (c) through nginx (1 worker, keep-alive upstream), and (d) through Berth's router to the same app
// in a fenced network of its own (a dyno's, ADR 0008), measured with wrk in one run; and Berth's
// router with release health's counting (as the server runs it) against one without. Prints JSON.
// Needs wrk and nginx (Debian: apt-get install wrk nginx), and root with iproute2 and nftables for (d).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NetworkFence, type FencedNetwork } from '../src/sandbox/network-fence.js'
import { parseIpv4Network } from '../src/core/net/ipv4-network.js'
import { freePort } from '../src/scheduler/local/free-port.js'
import { cpuSeconds } from './support/cpu-seconds.js'
import { nginxConfig } from './support/nginx.js'
import { wrk as runWrk } from './support/wrk.js'

const DURATION = process.env.BENCH_DURATION ?? '10s'
const CONNECTIONS = 50
const here = new URL('./support/', import.meta.url).pathname

/** The same app as a fenced dyno runs it: in its own network namespace, as nobody, on its own address. */
async function startFenced(): Promise<{ child: ChildProcess; port: number; net: FencedNetwork } | null> {
  if (process.getuid?.() !== 0) return null
  const fence = await NetworkFence.setUp({ network: parseIpv4Network('10.213.0.0/16')!, stateDir: mkdtempSync(join(tmpdir(), 'berth-bench-netns-')) })
  const net = await fence.open()
  const app = await start('nsenter', [`--net=${net.namespacePath}`, '--setuid', '65534', '--setgid', '65534', '--', process.execPath, join(here, 'hello-server.mjs')],
    { PORT: '5000', HOST: '0.0.0.0' })
  return { ...app, net }
}

function start(command: string, args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout!.on('data', (chunk) => {
      const match = /listening (\d+)/.exec(String(chunk))
      if (match) resolve({ child, port: Number(match[1]) })
    })
    child.on('error', reject)
  })
}

/** wrk over plain HTTP to 127.0.0.1:`port`. */
function wrk(port: number, host: string, connections: number, duration: string) {
  return runWrk(`http://127.0.0.1:${port}/`, host, connections, duration)
}

// The router as `npm start` runs it: compiled.
const build = spawnSync('npm', ['run', 'build'], { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' })
if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`)
const backend = await start(process.execPath, [join(here, 'hello-server.mjs')], { PORT: String(await freePort()) })
const fenced = await startFenced()
const routes = {
  'bench.localhost': { host: '127.0.0.1', port: backend.port },
  ...(fenced ? { 'fenced.localhost': { host: fenced.net.address, port: fenced.port } } : {}),
}
const router = await start(process.execPath, [join(here, 'router-process.mjs'), JSON.stringify(routes)])
const uncounted = await start(process.execPath, [join(here, 'router-process.mjs'), JSON.stringify(routes)], { BENCH_METRICS: 'off' })
const nginxDir = mkdtempSync(join(tmpdir(), 'berth-bench-nginx-'))
const nginxPort = await freePort()
const nginx = spawn('nginx', ['-c', nginxConfig(nginxDir, { http: nginxPort }, backend.port), '-p', nginxDir], { stdio: 'inherit' })
await new Promise((resolve) => setTimeout(resolve, 300))

try {
  // Warm up each path (JIT, keep-alive pools), then measure.
  for (const port of [backend.port, router.port, uncounted.port, nginxPort]) wrk(port, 'bench.localhost', CONNECTIONS, '2s')
  if (fenced) wrk(router.port, 'fenced.localhost', CONNECTIONS, '2s')
  const direct = wrk(backend.port, 'bench.localhost', CONNECTIONS, DURATION)
  const cpuBefore = cpuSeconds(router.child.pid!)
  const viaRouter = wrk(router.port, 'bench.localhost', CONNECTIONS, DURATION)
  const routerCpu = cpuSeconds(router.child.pid!) - cpuBefore
  const viaNginx = wrk(nginxPort, 'bench.localhost', CONNECTIONS, DURATION)
  // The router to a fenced dyno, right after the router to the same app unfenced (and again before,
  // averaged, so drift on this shared machine counts on both sides).
  const toFenced = fenced ? wrk(router.port, 'fenced.localhost', CONNECTIONS, DURATION) : null
  const toUnfencedAgain = fenced ? wrk(router.port, 'bench.localhost', CONNECTIONS, DURATION) : null
  // Release health's counting: off, on, off, on, so that drift on this shared machine counts on both sides.
  const metricsOff = [wrk(uncounted.port, 'bench.localhost', CONNECTIONS, DURATION)]
  const metricsOn = [wrk(router.port, 'bench.localhost', CONNECTIONS, DURATION)]
  metricsOff.push(wrk(uncounted.port, 'bench.localhost', CONNECTIONS, DURATION))
  metricsOn.push(wrk(router.port, 'bench.localhost', CONNECTIONS, DURATION))
  const mean = (runs: { req_per_s: number }[]) => runs.reduce((sum, run) => sum + run.req_per_s, 0) / runs.length
  // Light load: one connection, to see what the router adds to a single request's latency.
  const lightDirect = wrk(backend.port, 'bench.localhost', 1, '5s')
  const lightRouter = wrk(router.port, 'bench.localhost', 1, '5s')
  const report = {
    benchmark: 'router',
    connections: CONNECTIONS,
    duration: DURATION,
    direct,
    router: { ...viaRouter, cpu_us_per_request: Math.round((routerCpu / viaRouter.requests) * 1e6 * 10) / 10 },
    nginx: viaNginx,
    router_to_fenced_dyno: toFenced,
    router_to_unfenced_app_again: toUnfencedAgain,
    release_metrics: { on_req_per_s: metricsOn.map((run) => run.req_per_s), off_req_per_s: metricsOff.map((run) => run.req_per_s) },
    light_load_one_connection: { direct_p50_ms: lightDirect.p50_ms, router_p50_ms: lightRouter.p50_ms, added_p50_ms: Math.round(((lightRouter.p50_ms ?? 0) - (lightDirect.p50_ms ?? 0)) * 1000) / 1000 },
    ratios: {
      router_vs_direct: Math.round((viaRouter.req_per_s / direct.req_per_s) * 100) / 100,
      router_vs_nginx: Math.round((viaRouter.req_per_s / viaNginx.req_per_s) * 100) / 100,
      fenced_vs_unfenced: toFenced && toUnfencedAgain
        ? Math.round((toFenced.req_per_s / ((viaRouter.req_per_s + toUnfencedAgain.req_per_s) / 2)) * 100) / 100 : null,
      metrics_on_vs_off: Math.round((mean(metricsOn) / mean(metricsOff)) * 100) / 100,
    },
    targets: { router_vs_nginx_min: 0.45, added_p50_ms_max: 0.3, fenced_vs_unfenced_min: 0.9, metrics_on_vs_off_min: 0.95 },
  }
  const met = {
    throughput: report.ratios.router_vs_nginx >= 0.45,
    light_latency: report.light_load_one_connection.added_p50_ms <= 0.3,
    fenced: report.ratios.fenced_vs_unfenced === null ? null : report.ratios.fenced_vs_unfenced >= 0.9,
    metrics: report.ratios.metrics_on_vs_off >= 0.95,
  }
  process.stdout.write(JSON.stringify({ ...report, met }, null, 2) + '\n')
} finally {
  nginx.kill('SIGQUIT')
  router.child.kill()
  uncounted.child.kill()
  backend.child.kill()
  fenced?.child.kill()
  await fenced?.net.close()
}
