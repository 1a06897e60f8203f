// npm run bench:tls — HTTPS through Berth's router against HTTPS through nginx (1 worker), with the same
// certificate (ECDSA P-256 from a local CA) and the same upstream app, in one run. Prints JSON.
// (a) Keep-alive throughput: wrk, 2 threads, 50 connections, over HTTPS, and over plain HTTP to both
//     for what TLS costs each (CPU per request from /proc). wrk sends the URL's host, 127.0.0.1, as its SNI name: the bench's certificate
//     source answers every name with the one certificate, so Berth still picks it per handshake.
// (b) New handshakes per second: bench/support/handshake-client.mjs, a Node client loop of fresh
//     tls.connect calls with no session to resume (full handshakes, SNI bench.localhost), each closed
//     once its handshake completes; 2 client processes × 16 connections at a time. The client shares
//     the machine's 2 cores and costs more CPU per handshake than either server, so the servers' CPU
//     per handshake (from /proc) is reported beside the rate.
// Needs wrk and nginx (Debian: apt-get install wrk nginx).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../src/scheduler/local/free-port.js'
import { openLocalCa } from '../src/tls/local-ca.js'
import { childPids, cpuSeconds } from './support/cpu-seconds.js'
import { nginxConfig } from './support/nginx.js'
import { wrk } from './support/wrk.js'

const DURATION = process.env.BENCH_DURATION ?? '10s'
const CONNECTIONS = 50
const HANDSHAKE_CLIENTS = 2
const HANDSHAKE_CONCURRENCY = 16
const HOST = 'bench.localhost'
// TLS 1.2's suites as the router's policy lists them (src/router/tls-policy.ts); TLS 1.3's are nginx's defaults.
const TLS12_CIPHERS = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305'
const here = new URL('./support/', import.meta.url).pathname

function start(command: string, args: string[], pattern: RegExp, env: Record<string, string> = {}): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout!.on('data', (chunk) => {
      const match = pattern.exec(String(chunk))
      if (match) resolve({ child, match })
    })
    child.on('error', reject)
  })
}

/** Full handshakes per second against `port`, and the server's CPU per handshake (its processes' `pids`). */
async function handshakes(port: number, pids: number[], durationMs: number) {
  const cpuBefore = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)
  const runs = await Promise.all(Array.from({ length: HANDSHAKE_CLIENTS }, () => new Promise<{ handshakes: number; resumed: number; errors: number; seconds: number }>((resolve, reject) => {
    const client = spawn(process.execPath, [join(here, 'handshake-client.mjs'), String(port), HOST, String(HANDSHAKE_CONCURRENCY), String(durationMs)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    client.stdout.on('data', (chunk) => { out += chunk })
    client.on('exit', (code) => code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`handshake client exited with ${code}`)))
  })))
  const cpu = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore
  const total = runs.reduce((sum, run) => sum + run.handshakes, 0)
  const seconds = Math.max(...runs.map((run) => run.seconds))
  return {
    per_s: Math.round(total / seconds),
    handshakes: total,
    resumed: runs.reduce((sum, run) => sum + run.resumed, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    server_cpu_us_per_handshake: Math.round((cpu / total) * 1e6),
  }
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100

// The router as `npm start` runs it: compiled.
const build = spawnSync('npm', ['run', 'build'], { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' })
if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`)
const dir = mkdtempSync(join(tmpdir(), 'berth-bench-tls-'))
const issued = await (await openLocalCa(join(dir, 'ca'))).issue([HOST])
const tls = { cert: join(dir, 'bench.crt'), key: join(dir, 'bench.key') }
writeFileSync(tls.cert, issued.cert)
writeFileSync(tls.key, issued.key)

const backendPort = await freePort()
const backend = await start(process.execPath, [join(here, 'hello-server.mjs')], /listening (\d+)/, { PORT: String(backendPort) })
const router = await start(process.execPath, [join(here, 'router-process.mjs'), JSON.stringify({ [HOST]: { host: '127.0.0.1', port: backendPort } }), JSON.stringify(tls)], /listening (\d+) tls (\d+)/)
const [routerPort, routerTlsPort] = [Number(router.match[1]), Number(router.match[2])]
const [nginxPort, nginxHttpPort] = [await freePort(), await freePort()]
const nginx = spawn('nginx', ['-c', nginxConfig(dir, { http: nginxHttpPort, https: { port: nginxPort, ...tls, ciphers: TLS12_CIPHERS } }, backendPort), '-p', dir], { stdio: 'inherit' })
await new Promise((resolve) => setTimeout(resolve, 300))
const nginxPids = [nginx.pid!, ...childPids(nginx.pid!)]

try {
  const urls = {
    berthHttps: `https://127.0.0.1:${routerTlsPort}/`, nginxHttps: `https://127.0.0.1:${nginxPort}/`,
    berthHttp: `http://127.0.0.1:${routerPort}/`, nginxHttp: `http://127.0.0.1:${nginxHttpPort}/`,
  }
  // Warm up each path (JIT, keep-alive pools, session caches), then measure.
  for (const url of Object.values(urls)) wrk(url, HOST, CONNECTIONS, '2s')
  await handshakes(routerTlsPort, [router.child.pid!], 2000)
  await handshakes(nginxPort, nginxPids, 2000)

  /** wrk against `url`, and the CPU the server's processes spent per request meanwhile. */
  const measure = (url: string, pids: number[]) => {
    const before = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)
    const result = wrk(url, HOST, CONNECTIONS, DURATION)
    const cpu = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - before
    return { ...result, cpu_us_per_request: Math.round((cpu / result.requests) * 1e6 * 10) / 10 }
  }
  const berth = measure(urls.berthHttps, [router.child.pid!])
  const viaNginx = measure(urls.nginxHttps, nginxPids)
  const berthHttp = measure(urls.berthHttp, [router.child.pid!])
  const nginxHttp = measure(urls.nginxHttp, nginxPids)

  const durationMs = Number.parseFloat(DURATION) * 1000
  const berthHandshakes = await handshakes(routerTlsPort, [router.child.pid!], durationMs)
  const nginxHandshakes = await handshakes(nginxPort, nginxPids, durationMs)

  const report = {
    benchmark: 'tls',
    connections: CONNECTIONS,
    duration: DURATION,
    certificate: 'ECDSA P-256',
    keep_alive: { berth_https: berth, nginx_https: viaNginx, berth_http: berthHttp, nginx_http: nginxHttp },
    tls_cpu_us_per_request: {
      berth: Math.round((berth.cpu_us_per_request - berthHttp.cpu_us_per_request) * 10) / 10,
      nginx: Math.round((viaNginx.cpu_us_per_request - nginxHttp.cpu_us_per_request) * 10) / 10,
    },
    handshakes: {
      client: `${HANDSHAKE_CLIENTS} Node processes x ${HANDSHAKE_CONCURRENCY} connections, fresh tls.connect without a session, closed after the handshake`,
      berth: berthHandshakes,
      nginx: nginxHandshakes,
    },
    ratios: {
      keep_alive_berth_vs_nginx: ratio(berth.req_per_s, viaNginx.req_per_s),
      handshakes_berth_vs_nginx: ratio(berthHandshakes.per_s, nginxHandshakes.per_s),
      handshake_cpu_nginx_vs_berth: ratio(nginxHandshakes.server_cpu_us_per_handshake, berthHandshakes.server_cpu_us_per_handshake),
      berth_https_vs_http: ratio(berth.req_per_s, berthHttp.req_per_s),
      http_berth_vs_nginx: ratio(berthHttp.req_per_s, nginxHttp.req_per_s),
    },
    targets: { keep_alive_berth_vs_nginx_min: 0.5, handshakes_berth_vs_nginx_min: 0.5 },
  }
  const met = {
    keep_alive: report.ratios.keep_alive_berth_vs_nginx >= 0.5,
    handshakes: report.ratios.handshakes_berth_vs_nginx >= 0.5,
  }
  process.stdout.write(JSON.stringify({ ...report, met }, null, 2) + '\n')
} finally {
  nginx.kill('SIGQUIT')
  router.child.kill()
  backend.child.kill()
}
