// npm run bench:logs — a dyno printing as fast as it can, through a real berth server, with 0, 1
// and 10 tail subscribers and one HTTP drain. Reports ingested lines/s, the server's CPU per 10,000
// lines, its peak and steady RSS, and the delivery lag to subscribers. Prints JSON.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { request } from 'node:http'
import { startBerthProcess } from '../test/support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../test/support/git.js'
import { apiClient } from '../test/support/api-client.js'

const KEY = 'berth_bench_logs_key_0123456789abcd'
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)

function procStatus(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(match?.[1] ?? 0) / 1024
}
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : null
}

/** A tail subscriber: an SSE log session, recording each line's lag from the time the dyno wrote it. */
function subscribe(url: string, lags: number[]): () => void {
  const target = new URL(url)
  const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers: { Accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8')
    // One sample per chunk, from its newest complete line: parsing every line would measure this
    // process's own backlog rather than Berth's delivery.
    res.on('data', (chunk: string) => {
      const at = /.* at (\d{13})\n/s.exec(chunk.slice(-300))?.[1]
      if (at) lags.push(Date.now() - Number(at))
    })
  })
  req.on('error', () => undefined)
  req.end()
  return () => req.destroy()
}

const drainServer = createServer((req, res) => { req.resume(); req.on('end', () => res.end()) })
await new Promise<void>((resolve) => drainServer.listen(0, '127.0.0.1', resolve))
const drainPort = (drainServer.address() as { port: number }).port

const berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_RATE_LIMIT: '0' })
const api = apiClient(() => berth.apiUrl, KEY)
const serverPid = berth.child.pid!
try {
  await api('POST', '/apps', { name: 'chatty' })
  const dir = await fixtureRepo('chatty')
  await git(['push', '-q', remoteUrl(berth.apiUrl, 'chatty', KEY), 'main'], dir)
  await api('POST', '/apps/chatty/log-drains', { url: `http://127.0.0.1:${drainPort}/logs` })
  const latestId = async () => {
    const { body } = await api('POST', '/apps/chatty/log-sessions', { lines: 1 })
    const text = await (await fetch(body.logplex_url, { headers: { Accept: 'text/event-stream' } })).text()
    return Number(/^id: (\d+)$/m.exec(text)?.[1] ?? 0)
  }
  await api('PATCH', '/apps/chatty/formation/worker', { quantity: 1 })
  await new Promise((resolve) => setTimeout(resolve, 1500))

  const scenarios = []
  let rssSamples: number[] = []
  for (const subscribers of [0, 1, 10]) {
    // The 10-subscriber case runs a full minute: RSS must not grow under sustained load.
    const seconds = subscribers === 10 ? Math.max(SECONDS, 60) : SECONDS
    rssSamples = []
    const lags: number[] = []
    const stops = []
    for (let i = 0; i < subscribers; i++) {
      const { body } = await api('POST', '/apps/chatty/log-sessions', { tail: true, lines: 0, source: 'app' })
      stops.push(subscribe(body.logplex_url, lags))
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    const [id0, cpu0, t0] = [await latestId(), cpuSeconds(serverPid), Date.now()]
    for (let s = 0; s < seconds; s++) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      rssSamples.push(procStatus(serverPid, 'VmRSS'))
    }
    const [id1, cpu1, t1] = [await latestId(), cpuSeconds(serverPid), Date.now()]
    stops.forEach((stop) => stop())
    const lines = id1 - id0
    scenarios.push({
      subscribers,
      lines_per_s: Math.round(lines / ((t1 - t0) / 1000)),
      server_cpu_ms_per_10000_lines: Math.round(((cpu1 - cpu0) * 1000 / lines) * 10_000 * 10) / 10,
      lag_ms: subscribers === 0 ? null : { p50: percentile(lags, 50), p99: percentile(lags, 99), samples: lags.length },
    })
  }
  const ten = scenarios.find((s) => s.subscribers === 10)!
  // Compare the first and last thirds of the minute with 10 subscribers.
  const third = Math.floor(rssSamples.length / 3)
  const firstThird = rssSamples.slice(0, third)
  const lastThird = rssSamples.slice(-third)
  const report = {
    benchmark: 'logs',
    seconds_per_scenario: SECONDS,
    scenarios,
    server_rss_mb: {
      peak: Math.round(procStatus(serverPid, 'VmHWM')),
      ten_subscribers_first_third_max: Math.round(Math.max(...firstThird)),
      ten_subscribers_last_third_max: Math.round(Math.max(...lastThird)),
    },
    targets: { lines_per_s_with_10_subscribers_min: 50_000, lag_p99_ms_max: 100, rss: 'no growth' },
    met: {
      throughput: ten.lines_per_s >= 50_000,
      lag: ten.lag_ms !== null && (ten.lag_ms.p99 ?? Infinity) <= 100,
      rss_bounded: Math.max(...lastThird) <= Math.max(...firstThird) * 1.1,
    },
  }
  process.stdout.write(JSON.stringify(report, null, 2) + '\n')
} finally {
  await berth.stop()
  drainServer.close()
}
