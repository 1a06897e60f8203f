// "promote → serving on the target" for `npm run bench:deploy`: a pipeline of two apps; each run pushes a
// change to staging, promotes it, and times until production's router answers with the new code. The
// floor is production's own dyno boot in that same promotion (from `Starting process` to `State changed
// from starting to up` in its log), since a promotion builds nothing: the target is boot + 150 ms.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fixtureRepo, git, remoteUrl } from '../test/support/git.js'
import { routerGet } from '../test/support/router-client.js'

export interface PromotionHarness {
  apiUrl: string
  routerUrl: string
  key: string
  api: (method: string, path: string, body?: unknown) => Promise<Response>
  median: (values: number[]) => number
}

const RUNS = 5

/** Production's log so far, as `timestamp source[process]: message` lines. */
async function logLines(h: PromotionHarness, app: string): Promise<string[]> {
  const session = await (await h.api('POST', `/apps/${app}/log-sessions`, { lines: 1500 })).json() as { logplex_url: string }
  return (await (await fetch(session.logplex_url)).text()).split('\n')
}

/** Milliseconds from the newest web dyno's `Starting process` to its `State changed from starting to up`. */
function bootMs(lines: string[]): number {
  const at = (pattern: RegExp) => {
    const line = lines.findLast((l) => pattern.test(l))
    if (!line) throw new Error(`no log line matching ${pattern}`)
    return Date.parse(line.slice(0, line.indexOf(' ')))
  }
  return at(/heroku\[web\.\d+\]: State changed from starting to up/) - at(/heroku\[web\.\d+\]: Starting process with command/)
}

export async function benchPromotion(h: PromotionHarness) {
  for (const name of ['bench-pipe-stg', 'bench-pipe-prd']) await h.api('POST', '/apps', { name })
  const pipeline = await (await h.api('POST', '/pipelines', { name: 'bench-pipe' })).json() as { id: string }
  await h.api('POST', '/pipeline-couplings', { app: 'bench-pipe-stg', pipeline: pipeline.id, stage: 'staging' })
  await h.api('POST', '/pipeline-couplings', { app: 'bench-pipe-prd', pipeline: pipeline.id, stage: 'production' })
  const repo = await fixtureRepo('node-basic')
  const promote: number[] = []
  const boot: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const tag = `promoted-${i}`
    const server = join(repo, 'server.js')
    writeFileSync(server, readFileSync(server, 'utf8').replace(/APP_VERSION_TAG \|\| '[^']*'/, `APP_VERSION_TAG || '${tag}'`))
    await git(['commit', '-q', '-am', tag], repo)
    const pushed = await git(['push', '-q', remoteUrl(h.apiUrl, 'bench-pipe-stg', h.key), 'main'], repo)
    if (pushed.code !== 0) throw new Error(pushed.stderr)
    const started = process.hrtime.bigint()
    const response = await h.api('POST', '/pipeline-promotions', {
      pipeline: { id: pipeline.id }, source: { app: { id: 'bench-pipe-stg' } }, targets: [{ app: { id: 'bench-pipe-prd' } }],
    })
    if (response.status !== 201) throw new Error(`promotion refused: ${await response.text()}`)
    for (;;) {
      const served = await routerGet(h.routerUrl, 'bench-pipe-prd.localhost').catch(() => null)
      if (served?.body.includes(tag)) break
      if (Number(process.hrtime.bigint() - started) / 1e6 > 60_000) throw new Error('production never served the promoted code')
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    promote.push(Number(process.hrtime.bigint() - started) / 1e6)
    boot.push(bootMs(await logLines(h, 'bench-pipe-prd')))
  }
  const [promoteMs, bootMsMedian] = [h.median(promote), h.median(boot)]
  return {
    promote_to_serving_ms: promoteMs,
    target_dyno_boot_ms: bootMsMedian,
    difference_ms: Math.round((promoteMs - bootMsMedian) * 10) / 10,
    ratio: Math.round((promoteMs / bootMsMedian) * 100) / 100,
    target: 'promote_to_serving_ms <= target_dyno_boot_ms + 150',
    met: promoteMs <= bootMsMedian + 150,
    samples_ms: { promote, boot },
  }
}
