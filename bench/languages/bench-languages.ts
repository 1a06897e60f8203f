import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixtureRepo, git, remoteUrl } from '../../test/support/git.js'
import type { LanguageBench } from './language-bench.js'

const WARM_RUNS = 3
const LOCK_RUNS = 3

export interface LanguageFigures {
  cold_ms: number
  warm_code_change_ms: number
  lock_change_ms: number
  floor_ms: { git_push_file: number; install: number; total: number }
  lock_change_vs_floor: number
  slug_bytes: number | null
  met: { warm_within_1500_ms: boolean; lock_change_within_1_3x_floor: boolean }
  samples_ms: { warm: number[]; lock: number[]; floor_install: number[] }
}

interface Harness {
  apiUrl: string
  key: string
  api(method: string, path: string, body?: unknown): Promise<Response>
  timedPush(dir: string, remote: string): Promise<number>
  median(values: number[]): number
}

/** Every case in bench/languages/ (each file but the interface and this runner exports `language`). */
export async function loadLanguageBenches(only?: string): Promise<LanguageBench[]> {
  const dir = new URL('.', import.meta.url).pathname
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['language-bench.ts', 'bench-languages.ts'].includes(f)).sort()
  const benches = await Promise.all(files.map(async (f) => ((await import(join(dir, f))) as { language: LanguageBench }).language))
  return benches.filter((bench) => !only || only.split(',').includes(bench.name))
}

const timed = (fn: () => void) => {
  const started = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - started) / 1e6
}

/** Commits the change; a case whose change changes nothing would time a push of nothing, so it throws. */
async function commitAll(dir: string, message: string) {
  await git(['add', '-A'], dir)
  const committed = await git(['commit', '-q', '-m', message], dir)
  if (committed.code !== 0) throw new Error(`${message}: nothing to commit in ${dir} (${committed.stdout.trim() || committed.stderr.trim()})`)
}

/** Runs the floor's commands in a fresh copy of the app (without .git); returns their milliseconds. */
function runFloor(bench: LanguageBench, app: string): number {
  const copy = mkdtempSync(join(tmpdir(), `berth-floor-${bench.name}-`))
  try {
    cpSync(app, copy, { recursive: true, filter: (src) => !src.endsWith('/.git') })
    return timed(() => {
      for (const [file, ...args] of bench.floor(copy)) {
        const result = spawnSync(file!, args, { cwd: copy, stdio: 'ignore' })
        if (result.status !== 0) throw new Error(`${bench.name} floor: ${[file, ...args].join(' ')} exited ${result.status}`)
      }
    })
  } finally {
    rmSync(copy, { recursive: true, force: true })
  }
}

/**
 * One language: a cold build (empty build cache), warm code-only redeploys, and lock-file changes
 * interleaved with the floor (a plain git push to a file:// bare repository plus the package
 * manager's own warm install of the same lock file), so both see the same machine.
 */
export async function benchLanguage(h: Harness, bench: LanguageBench): Promise<LanguageFigures> {
  const appName = `bench-${bench.name}`.slice(0, 30)
  await h.api('POST', '/apps', { name: appName })
  const dir = await fixtureRepo(bench.fixture)
  const remote = remoteUrl(h.apiUrl, appName, h.key)
  const cold = await h.timedPush(dir, remote)

  const warm: number[] = []
  for (let i = 1; i <= WARM_RUNS; i++) {
    bench.codeChange(dir, i)
    await commitAll(dir, `code ${i}`)
    warm.push(await h.timedPush(dir, remote))
  }

  const bare = mkdtempSync(join(tmpdir(), 'berth-floor-git-'))
  spawnSync('git', ['init', '-q', '--bare', bare])
  spawnSync('git', ['push', '-q', `file://${bare}`, 'main'], { cwd: dir })
  runFloor(bench, dir) // warms the package manager's own cache
  const lock: number[] = []
  const floorPush: number[] = []
  const floorInstall: number[] = []
  const ratios: number[] = []
  for (let i = 1; i <= LOCK_RUNS; i++) {
    bench.lockChange(dir, i)
    await commitAll(dir, `lock ${i}`)
    const pushMs = timed(() => spawnSync('git', ['push', '-q', `file://${bare}`, 'main'], { cwd: dir }))
    const installMs = runFloor(bench, dir)
    const deployMs = await h.timedPush(dir, remote)
    floorPush.push(pushMs)
    floorInstall.push(installMs)
    lock.push(deployMs)
    ratios.push(deployMs / (pushMs + installMs))
  }
  rmSync(bare, { recursive: true, force: true })

  const releases = (await (await h.api('GET', `/apps/${appName}/releases`)).json()) as { slug: { id: string } | null }[]
  const slugId = releases.at(-1)?.slug?.id
  const slug = slugId ? ((await (await h.api('GET', `/apps/${appName}/slugs/${slugId}`)).json()) as { size: number | null }) : null
  const floor = h.median(floorPush) + h.median(floorInstall)
  const round = (n: number) => Math.round(n * 100) / 100
  return {
    cold_ms: Math.round(cold * 10) / 10,
    warm_code_change_ms: h.median(warm),
    lock_change_ms: h.median(lock),
    floor_ms: { git_push_file: h.median(floorPush), install: h.median(floorInstall), total: Math.round(floor * 10) / 10 },
    lock_change_vs_floor: round(h.median(ratios)),
    slug_bytes: slug?.size ?? null,
    met: { warm_within_1500_ms: h.median(warm) <= 1500, lock_change_within_1_3x_floor: h.median(ratios) <= 1.3 },
    samples_ms: { warm, lock, floor_install: floorInstall },
  }
}
