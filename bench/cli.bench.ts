// npm run bench:cli — wall time of `berth --version` and `berth releases -a demo` against a local
// server, with the official `heroku` CLI doing the same against the same server in the same run.
// Runs the built CLI (`bin/berth.js`, as `npm install -g .` installs it). Prints JSON.
import { spawnSync } from 'node:child_process'
import { startBerthProcess } from '../test/support/berth-process.js'
import { herokuCli } from '../test/support/heroku-cli.js'

const KEY = 'berth_bench_cli_key_0123456789abcdef'
const RUNS = 15
const ROOT = new URL('../', import.meta.url).pathname

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10
}

/** Median wall time of a command over RUNS runs, after one warm-up run; fails on a non-zero exit. */
function time(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const samples: number[] = []
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now()
    const result = spawnSync(command, args, { env, cwd: ROOT, encoding: 'utf8' })
    const elapsed = performance.now() - started
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
    if (i > 0) samples.push(elapsed)
  }
  return median(samples)
}

const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' })
if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`)
const berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY })
try {
  const api = (method: string, path: string, body?: unknown) =>
    fetch(berth.apiUrl + path, { method, headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  await api('POST', '/apps', { name: 'demo' })
  for (let i = 0; i < 20; i++) await api('PATCH', '/apps/demo/config-vars', { COUNTER: String(i) })

  const heroku = herokuCli(berth.apiUrl, KEY)
  const berthEnv = { PATH: process.env.PATH, HOME: heroku.home, BERTH_API_URL: berth.apiUrl, BERTH_API_KEY: KEY, NO_COLOR: '1' }
  const berthBin = ['bin/berth.js']
  const result = {
    runs_each: RUNS,
    version_ms: { berth: time(process.execPath, [...berthBin, '--version'], berthEnv), heroku: time(heroku.bin, ['--version'], heroku.env()) },
    releases_ms: { berth: time(process.execPath, [...berthBin, 'releases', '-a', 'demo'], berthEnv), heroku: time(heroku.bin, ['releases', '-a', 'demo'], heroku.env()) },
  }
  const ratio = (pair: { berth: number; heroku: number }) => Math.round((pair.berth / pair.heroku) * 100) / 100
  console.log(JSON.stringify({
    ...result,
    ratio: { version: ratio(result.version_ms), releases: ratio(result.releases_ms) },
    target: 'each ratio <= 0.5',
  }, null, 2))
} finally {
  await berth.stop()
}
