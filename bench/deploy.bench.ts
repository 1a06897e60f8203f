// npm run bench:deploy — time from `git push` to the push printing `Released vN`, for four
// fixture/cache states, against the floor measured in the same run: a plain `git push` to a
// file:// bare repository plus `npm ci --prefer-offline` of the same app; then each language in
// bench/languages/ (cold, warm code-only, lock-file change against its package manager's floor,
// slug size); and a promotion from staging to production against that dyno's boot. Prints JSON. `-- --languages python-pip,go` runs only those languages' cases.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBerthProcess } from '../test/support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../test/support/git.js'
import { benchLanguage, loadLanguageBenches, type LanguageFigures } from './languages/bench-languages.js'
import { benchPromotion } from './promotion-figures.js'

const KEY = 'berth_bench_deploy_key_0123456789ab'
const RUNS = 5
const COLD_RUNS = 3

const servingTimes: number[] = []

/**
 * Pushes and returns the milliseconds until the push printed `Released v…` (or throws). The time
 * until `Verifying deploy... done.` (the new code answering through the router) goes to servingTimes.
 */
function timedPush(dir: string, remote: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn('git', ['push', '-q', remote, 'main'], { cwd: dir })
    let output = ''
    let released: number | null = null
    let serving: number | null = null
    child.stderr.on('data', (chunk) => {
      output += chunk
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6
      if (released === null && /Released v\d+/.test(output)) released = elapsed
      if (serving === null && /Verifying deploy\.\.\. done\./.test(output)) serving = elapsed
    })
    child.on('close', (code) => {
      if (code !== 0 || released === null || serving === null) return reject(new Error(`push failed (exit ${code}):\n${output}`))
      servingTimes.push(serving)
      resolve(released)
    })
  })
}

function timed(fn: () => void): number {
  const started = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - started) / 1e6
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10
}

async function commitChange(dir: string, file: string, text: string) {
  writeFileSync(join(dir, file), text)
  await git(['add', '-A'], dir)
  await git(['commit', '-q', '-m', text.slice(0, 40)], dir)
}

/** Changes the lockfile without needing new packages: the app's own version is recorded in it. */
async function bumpLockfile(dir: string, n: number) {
  for (const file of ['package.json', 'package-lock.json']) {
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    json.version = `1.0.${n}`
    if (json.packages?.['']) json.packages[''].version = `1.0.${n}`
    writeFileSync(join(dir, file), JSON.stringify(json, null, 2) + '\n')
  }
  await git(['add', '-A'], dir)
  await git(['commit', '-q', '-m', `lockfile ${n}`], dir)
}

const languagesFlag = process.argv.indexOf('--languages')
const onlyLanguages = languagesFlag >= 0 ? (process.argv[languagesFlag + 1] ?? '') : null

const berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_RATE_LIMIT: '0' })
const api = (method: string, path: string, body?: unknown) => fetch(berth.apiUrl + path, {
  method, body: body === undefined ? undefined : JSON.stringify(body), headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
})
async function languageFigures(): Promise<Record<string, LanguageFigures>> {
  const figures: Record<string, LanguageFigures> = {}
  const harness = { apiUrl: berth.apiUrl, key: KEY, api, timedPush, median }
  for (const bench of await loadLanguageBenches(onlyLanguages || undefined)) figures[bench.name] = await benchLanguage(harness, bench)
  return figures
}

try {
  if (onlyLanguages !== null) {
    process.stdout.write(JSON.stringify({ benchmark: 'deploy', languages: await languageFigures() }, null, 2) + '\n')
  } else {
    const promotion = await benchPromotion({ apiUrl: berth.apiUrl, routerUrl: berth.routerUrl, key: KEY, api, median })
    // (a) the no-dependency app
    await api('POST', '/apps', { name: 'bench-basic' })
    const basic = await fixtureRepo('node-basic')
    const basicRemote = remoteUrl(berth.apiUrl, 'bench-basic', KEY)
    const a: number[] = []
    servingTimes.length = 0
    for (let i = 0; i < RUNS; i++) {
      if (i > 0) await commitChange(basic, 'change.txt', `a ${i}`)
      a.push(await timedPush(basic, basicRemote))
    }
    const aServing = [...servingTimes]

    // (b) express, cold cache each time
    await api('POST', '/apps', { name: 'bench-express' })
    const express = await fixtureRepo('express-app')
    const expressRemote = remoteUrl(berth.apiUrl, 'bench-express', KEY)
    const b: number[] = []
    for (let i = 0; i < COLD_RUNS; i++) {
      await api('DELETE', '/apps/bench-express/build-cache')
      if (i > 0) await commitChange(express, 'change.txt', `b ${i}`)
      b.push(await timedPush(express, expressRemote))
    }

    // (c) express, code-only change: the lockfile is unchanged, so node_modules comes from the cache
    const c: number[] = []
    for (let i = 0; i < RUNS; i++) {
      await commitChange(express, 'server-note.js', `// c ${i}\n`)
      c.push(await timedPush(express, expressRemote))
    }

    // (d) express after a lockfile change, interleaved with the floor so both see the same machine:
    // a plain git push to a file:// bare repo, plus npm ci --prefer-offline of the same app.
    const d: number[] = []
    const floorPush: number[] = []
    const floorNpm: number[] = []
    const dRatios: number[] = []
    const npmCache = mkdtempSync(join(tmpdir(), 'berth-floor-npm-'))
    spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--cache', npmCache], { cwd: express, stdio: 'ignore' })
    // One bare repo for the whole run, so each floor push sends only the new commit, like a deploy.
    const bare = mkdtempSync(join(tmpdir(), 'berth-floor-git-'))
    spawnSync('git', ['init', '-q', '--bare', bare])
    spawnSync('git', ['push', '-q', `file://${bare}`, 'main'], { cwd: express })
    for (let i = 0; i < RUNS; i++) {
      await bumpLockfile(express, 100 + i)
      const pushMs = timed(() => spawnSync('git', ['push', '-q', `file://${bare}`, 'main'], { cwd: express }))
      const npmMs = timed(() => spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--cache', npmCache], { cwd: express, stdio: 'ignore' }))
      spawnSync('rm', ['-rf', join(express, 'node_modules')])
      const deployMs = await timedPush(express, expressRemote)
      floorPush.push(pushMs)
      floorNpm.push(npmMs)
      d.push(deployMs)
      dRatios.push(deployMs / (pushMs + npmMs))
    }
    const floor = median(floorPush) + median(floorNpm)

    const result = {
      benchmark: 'deploy',
      runs: { warm: RUNS, cold: COLD_RUNS },
      push_to_serving_ms: { a_no_dependencies: median(aServing) },
      push_to_released_ms: {
        a_no_dependencies: median(a),
        b_express_cold_cache: median(b),
        c_express_code_change_warm_cache: median(c),
        d_express_lockfile_change: median(d),
      },
      floor_ms: { git_push_file: median(floorPush), npm_ci_prefer_offline: median(floorNpm), total: Math.round(floor * 10) / 10 },
      ratios: { d_vs_floor: Math.round(median(dRatios) * 100) / 100, c_vs_floor: Math.round((median(c) / floor) * 100) / 100 },
      targets: { a_max_ms: 1000, c_max_ms: 1000, d_vs_floor_max: 1.3 },
      met: { a: median(a) <= 1000, c: median(c) <= 1000, d: median(dRatios) <= 1.3 },
      samples_ms: { a, b, c, d },
      promotion,
      languages: await languageFigures(),
    }
    process.stdout.write(JSON.stringify(result, null, 2) + '\n')
  }
} finally {
  await berth.stop()
}
