import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { berthCli } from '../support/berth-cli.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { FIXTURE_BUILDPACKS, fixtureRepo, git, remoteUrl } from '../support/git.js'
import { routerGet } from '../support/router-client.js'

const KEY = 'berth_e2e_berth_pipelines_key_0123456789'

/** `berth pipelines:*`: staging pushed with real git, production fed only by promotion. */
describe('berth CLI: pipelines, promotion and the diff across apps', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof berthCli>
  let repo: string
  const berthOk = (...args: string[]) => cli.ok(args)
  const api = apiClient(() => berth.apiUrl, KEY)
  const serve = (app: string) => routerGet(berth.routerUrl, `${app}.localhost`).then((r) => r.body)
  const head = async () => (await git(['rev-parse', 'HEAD'], repo)).stdout.trim()
  const pushCode = async (tag: string, procfile?: string) => {
    const server = join(repo, 'server.js')
    writeFileSync(server, readFileSync(server, 'utf8').replace(/APP_VERSION_TAG \|\| '[^']*'/, `APP_VERSION_TAG || '${tag}'`))
    if (procfile !== undefined) writeFileSync(join(repo, 'Procfile'), procfile)
    await git(['add', '-A'], repo)
    await git(['commit', '-q', '-m', `code ${tag}`], repo)
    const pushed = await git(['push', remoteUrl(berth.apiUrl, 'cart-staging', KEY), 'main'], repo)
    assert.equal(pushed.code, 0, pushed.stderr)
  }

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_BUILDPACK_PATHS: FIXTURE_BUILDPACKS })
    cli = berthCli(berth.apiUrl, { BERTH_API_KEY: KEY })
    repo = await fixtureRepo('node-basic')
    for (const name of ['cart-staging', 'cart-prod']) assert.equal((await api('POST', '/apps', { name })).status, 201)
    await api('PATCH', '/apps/cart-prod/config-vars', { GREETING: 'prod hello', PROD_ONLY: 'x' })
    await api('PATCH', '/apps/cart-staging/config-vars', { STAGING_ONLY: 'y' })
    await pushCode('code-1')
    await pushCode('code-2', 'web: node server.js\nclock: node -e "setInterval(() => {}, 1e6)"\n')
  })
  after(async () => berth.stop())

  it('creates the pipeline, adds production, lists it and shows apps by stage with release and commit', async () => {
    assert.match((await berthOk('pipelines:create', '-a', 'cart-staging')).stderr, /Adding ⬢ cart-staging to cart pipeline as staging\.\.\. done/)
    assert.match((await berthOk('pipelines:add', 'cart', '-a', 'cart-prod')).stderr, /Adding ⬢ cart-prod to cart pipeline as production\.\.\. done/)
    assert.match((await berthOk('pipelines')).stdout, /=== My Pipelines\ncart\n/)
    const info = (await berthOk('pipelines:info', 'cart')).stdout
    assert.match(info, new RegExp(`cart-staging\\s+staging\\s+v5\\s+${(await head()).slice(0, 8)}\\s+Deploy`))
    assert.match(info, /cart-prod\s+production\s+v3\s+Set GREETING, PROD_ONLY config vars/)
  })

  it('pipelines:diff shows the commits, config keys and process types production would get', async () => {
    const out = (await berthOk('pipelines:diff', '-a', 'cart-staging')).stdout
    assert.match(out, /=== cart-staging v5 → cart-prod \(now v3\)/)
    assert.match(out, /Config vars:\n {2}\+ STAGING_ONLY\n {2}- GREETING\n {2}- PROD_ONLY/)
    assert.match(out, /Process types:\n {2}\+ clock\n {2}\+ web/)
  })

  it('pipelines:promote --release v4 promotes an earlier release, then the current one; the diff follows', async () => {
    const earlier = await berthOk('pipelines:promote', '-a', 'cart-staging', '--release', 'v4')
    assert.match(earlier.stdout, /^cart-prod: succeeded$/m)
    assert.equal(await serve('cart-prod'), 'prod hello from code-1 (web.1)\n')
    const diff = (await berthOk('pipelines:diff', '-a', 'cart-staging')).stdout
    assert.match(diff, /adds 1 commit\):\n {2}[0-9a-f]{8} code code-2/)
    await berthOk('pipelines:promote', '-a', 'cart-staging')
    assert.equal(await serve('cart-prod'), 'prod hello from code-2 (web.1)\n')
    const releases = (await api('GET', '/apps/cart-prod/releases')).body as { description: string; slug: { id: string } | null; current: boolean }[]
    const staging = (await api('GET', '/apps/cart-staging/releases')).body as typeof releases
    assert.equal(releases.find((r) => r.current)?.slug?.id, staging.find((r) => r.current)?.slug?.id)
    assert.equal(releases.find((r) => r.current)?.description, 'Promote cart-staging v5')
  })

  it('pipelines:remove takes production out; promoting then has no target', async () => {
    await berthOk('pipelines:remove', '-a', 'cart-prod')
    const refused = await cli.run(['pipelines:promote', '-a', 'cart-staging'])
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /cart has no production app to promote cart-staging to/)
  })
})
