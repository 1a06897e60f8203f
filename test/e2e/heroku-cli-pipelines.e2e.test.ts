import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { FIXTURE_BUILDPACKS, fixtureRepo, git, remoteUrl } from '../support/git.js'
import { herokuCli } from '../support/heroku-cli.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_pipelines_admin_key_0123456789'

/** Staging gets pushes with real git; production only ever gets staging's slugs, through the official CLI. */
describe('official heroku CLI: pipelines and promotion', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof herokuCli>
  let repo: string
  const heroku = (...args: string[]) => cli.ok(args)
  const api = apiClient(() => berth.apiUrl, KEY)
  const releases = async (app: string) => (await api('GET', `/apps/${app}/releases`)).body as { version: number; description: string; slug: { id: string } | null; current: boolean; status: string }[]
  const current = async (app: string) => (await releases(app)).find((r) => r.current)!
  const serve = (app: string) => routerGet(berth.routerUrl, `${app}.localhost`).then((r) => r.body)
  /** A commit that changes what the app answers with, pushed to staging. */
  const pushCode = async (tag: string) => {
    const server = join(repo, 'server.js')
    writeFileSync(server, readFileSync(server, 'utf8').replace(/APP_VERSION_TAG \|\| '[^']*'/, `APP_VERSION_TAG || '${tag}'`))
    await git(['commit', '-q', '-am', `code ${tag}`], repo)
    const pushed = await git(['push', remoteUrl(berth.apiUrl, 'shop-staging', KEY), 'main'], repo)
    assert.equal(pushed.code, 0, pushed.stderr)
  }

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_BUILDPACK_PATHS: FIXTURE_BUILDPACKS })
    cli = herokuCli(berth.apiUrl, KEY)
    repo = await fixtureRepo('node-basic')
    await heroku('apps:create', 'shop-staging', '--no-remote')
    await heroku('apps:create', 'shop-prod', '--no-remote')
    await heroku('config:set', 'GREETING=hi from production', '-a', 'shop-prod')
    // Production's own first deploy, of the fixture as it is: what a rollback of the promotion returns to.
    const own = await git(['push', remoteUrl(berth.apiUrl, 'shop-prod', KEY), 'main'], repo)
    assert.equal(own.code, 0, own.stderr)
    await pushCode('code-1')
    await pushCode('code-2')
  })
  after(async () => berth.stop())

  it('pipelines:create, pipelines:add, pipelines and pipelines:info', async () => {
    const created = await heroku('pipelines:create', 'shop', '-a', 'shop-staging', '--stage', 'staging')
    assert.match(created.stderr, /Creating shop pipeline\.\.\. done/)
    assert.match(created.stderr, /Adding shop-staging to shop pipeline as staging\.\.\. done/)
    assert.match((await heroku('pipelines:add', 'shop', '-a', 'shop-prod', '--stage', 'production')).stderr, /Adding shop-prod to shop pipeline as production\.\.\. done/)
    assert.match((await heroku('pipelines')).stdout, /=== My Pipelines\s+shop\s*$/)
    const info = (await heroku('pipelines:info', 'shop')).stdout
    assert.match(info, /=== shop/)
    assert.match(info, /owner: admin@berth\.local/)
    assert.match(info, /shop-staging\s+staging[\s\S]*shop-prod\s+production/)
    const json = JSON.parse((await heroku('pipelines:info', 'shop', '--json')).stdout)
    assert.deepEqual(json.apps.map((a: { name: string; pipelineCoupling: { stage: string } }) => `${a.name}:${a.pipelineCoupling.stage}`).sort(), ['shop-prod:production', 'shop-staging:staging'])
    assert.match((await heroku('apps:info', '-a', 'shop-prod', '--json')).stdout, /"stage": "production"/)
  })

  it("pipelines:promote: production serves staging's code with its own config, on the very same slug", async () => {
    const staged = await current('shop-staging')
    const promoted = await heroku('pipelines:promote', '-a', 'shop-staging')
    assert.match(promoted.stdout, /Starting promotion to production\.\.\./)
    assert.match(promoted.stdout, /Promotion successful/)
    assert.match(promoted.stdout, /shop-prod:\s+succeeded/)
    const release = await current('shop-prod')
    assert.deepEqual([release.description, release.slug?.id], [`Promote shop-staging v${staged.version}`, staged.slug!.id])
    assert.equal(await serve('shop-prod'), 'hi from production from code-2 (web.1)\n')
    assert.equal(await serve('shop-staging'), 'hello from code-2 (web.1)\n')
  })

  it('heroku rollback on production undoes the promotion like any release, and an earlier release can be promoted', async () => {
    const rolled = await heroku('rollback', '-a', 'shop-prod')
    assert.match(rolled.stderr, /Rolling back shop-prod to v\d+\.\.\. done/)
    assert.equal(await serve('shop-prod'), 'hi from production from v1 (web.1)\n')
    const first = (await releases('shop-staging')).find((r) => r.description.startsWith('Deploy') && r.version === 3)!
    const earlier = await api('POST', '/pipeline-promotions', {
      pipeline: { id: (await api('GET', '/apps/shop-staging/pipeline-couplings')).body.pipeline.id },
      source: { app: { id: 'shop-staging' }, release: { id: 'v3' } },
      targets: [{ app: { id: 'shop-prod' } }],
    })
    assert.equal(earlier.status, 201, JSON.stringify(earlier.body))
    await waitFor(async () => (await api('GET', `/pipeline-promotions/${earlier.body.id}`)).body.status === 'completed', { timeoutMs: 30_000 })
    const release = await current('shop-prod')
    assert.deepEqual([release.description, release.slug?.id], ['Promote shop-staging v3', first.slug!.id])
    assert.equal(await serve('shop-prod'), 'hi from production from code-1 (web.1)\n')
  })

  it('pipelines:diff lists the commits staging has that production lacks, through Berth as its HTTPS proxy', async () => {
    // The CLI asks kolkrabbi.heroku.com and api.github.com, fixed in its code; Berth answers both (ADR 0015).
    const env = { HTTPS_PROXY: berth.apiUrl, NO_PROXY: '127.0.0.1', SSL_CERT_FILE: join(berth.dataDir, 'tls', 'ca.crt') }
    const diff = await cli.ok(['pipelines:diff', '-a', 'shop-staging'], { env })
    assert.match(diff.stdout, /=== shop-staging is ahead of shop-prod by 1 commit/)
    assert.match(diff.stdout, /[0-9a-f]{7}\s+\S+\s+Test\s+code code-2/)
    await heroku('pipelines:promote', '-a', 'shop-staging')
    assert.match((await cli.ok(['pipelines:diff', '-a', 'shop-staging'], { env })).stdout, /shop-staging is up to date with shop-prod/)
  })

  it('pipelines:remove, pipelines:rename and pipelines:destroy', async () => {
    assert.match((await heroku('pipelines:remove', '-a', 'shop-prod')).stderr, /Removing shop-prod\.\.\. done/)
    assert.doesNotMatch((await heroku('pipelines:info', 'shop')).stdout, /shop-prod/)
    assert.match((await heroku('pipelines:rename', 'shop', 'store')).stderr, /Renaming shop pipeline to store\.\.\. done/)
    assert.match((await heroku('pipelines:destroy', 'store')).stderr, /Destroying store pipeline\.\.\. done/)
    assert.doesNotMatch((await heroku('pipelines')).stdout, /store/)
    assert.ok((await api('GET', '/apps/shop-prod')).status === 200, 'the apps stay')
  })
})
