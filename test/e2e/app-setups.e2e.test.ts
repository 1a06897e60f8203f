import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { berthCli } from '../support/berth-cli.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_app_setups_key_0123456789'
const APPS = new URL('../fixtures/apps/', import.meta.url).pathname
const BERTH_ENV = { BERTH_ADMIN_API_KEY: KEY, BERTH_OUTBOUND_ALLOW: '127.0.0.1/32' }

function tarball(cwd: string, ...paths: string[]): Buffer {
  const result = spawnSync('tar', ['-czf', '-', ...paths], { cwd, maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(result.stderr.toString())
  return result.stdout
}

/** A tarball of the app-json fixture with its app.json replaced. */
function withManifest(manifest: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'berth-setup-'))
  spawnSync('cp', ['-r', `${APPS}app-json/.`, dir])
  writeFileSync(join(dir, 'app.json'), manifest)
  try {
    return tarball(dir, '.')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// POST /app-setups with real components: a real `berth server`, the tarball served over HTTP from
// 127.0.0.1 (allowed with BERTH_OUTBOUND_ALLOW, since Berth fetches only public addresses otherwise),
// the real PostgreSQL add-on, and the Node.js buildpack installing `pg` from the registry.
describe('app setups from app.json', () => {
  let berth: BerthProcess
  let files: Server
  let filesUrl: string
  const tarballs = new Map<string, Buffer>()
  const api = apiClient(() => berth.apiUrl, KEY)

  const waitSettled = (id: string, timeoutMs = 300_000) => waitFor(async () => {
    const { body } = await api('GET', `/app-setups/${id}`)
    return body.status === 'pending' ? null : body
  }, { what: `app setup ${id} to settle`, timeoutMs, intervalMs: 250 })
  const sourceFiles = () => (existsSync(join(berth.dataDir, 'blobs', 'sources')) ? readdirSync(join(berth.dataDir, 'blobs', 'sources')).length : 0)

  before(async () => {
    // GitHub's tarballs hold one top-level directory; Berth reads app.json (and builds) inside it.
    tarballs.set('/github-style.tgz', tarball(APPS, 'app-json'))
    tarballs.set('/flat.tgz', tarball(`${APPS}app-json`, '.'))
    tarballs.set('/bad-json.tgz', withManifest('{"env": {"A": "b"'))
    tarballs.set('/wrong-types.tgz', withManifest('{"addons": "heroku-postgresql", "formation": {"web": {"quantity": "one"}}}'))
    tarballs.set('/unknown-plan.tgz', withManifest('{"addons": ["heroku-postgresql:galactic-9"]}'))
    const failing = mkdtempSync(join(tmpdir(), 'berth-setup-'))
    writeFileSync(join(failing, 'Procfile'), `web: node -e "require('http').createServer((q, s) => s.end('up')).listen(process.env.PORT)"\n`)
    writeFileSync(join(failing, 'app.json'), JSON.stringify({ scripts: { postdeploy: 'echo about to fail; exit 3' } }))
    tarballs.set('/postdeploy-fails.tgz', tarball(failing, '.'))
    writeFileSync(join(failing, 'app.json'), JSON.stringify({ env: { WHO: 'the cli' }, scripts: { postdeploy: 'echo "postdeploy ran for $WHO"' } }))
    tarballs.set('/postdeploy-ok.tgz', tarball(failing, '.'))
    writeFileSync(join(failing, 'app.json'), JSON.stringify({ scripts: { postdeploy: 'echo seeding slowly; sleep 600' } }))
    tarballs.set('/postdeploy-slow.tgz', tarball(failing, '.'))
    rmSync(failing, { recursive: true, force: true })
    files = createServer((req, res) => {
      const body = tarballs.get(req.url ?? '')
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/gzip' })
      res.end(body)
    })
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve))
    filesUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}`
    berth = await startBerthProcess(BERTH_ENV)
  })
  after(async () => {
    await berth?.stop()
    files?.close()
  })

  it('creates the app, its database and config, builds it, runs postdeploy once, and reports each step', async () => {
    const overrides = { env: { GREETING: 'hello from the setup' } }
    const [first, second] = await Promise.all([
      api('POST', '/app-setups', { source_blob: { url: `${filesUrl}/github-style.tgz`, version: 'v1.0.0' }, app: { name: 'setup-one' }, overrides }),
      api('POST', '/app-setups', { source_blob: { url: `${filesUrl}/flat.tgz` }, app: { name: 'setup-two' }, overrides }),
    ])
    assert.equal(first.status, 201, JSON.stringify(first.body))
    assert.equal(second.status, 201, JSON.stringify(second.body))
    assert.deepEqual([first.body.status, first.body.app.name, first.body.build.status, first.body.postdeploy], ['pending', 'setup-one', 'pending', null])

    const [one, two] = await Promise.all([waitSettled(first.body.id), waitSettled(second.body.id)])
    for (const done of [one, two]) {
      assert.equal(done.status, 'succeeded', JSON.stringify(done))
      assert.equal(done.failure_message, null)
      assert.equal(done.build.status, 'succeeded')
      assert.equal(done.postdeploy.exit_code, 0)
      assert.match(done.postdeploy.output, /seeded 1 row/)
      assert.deepEqual(done.manifest_errors, [])
    }
    assert.equal(one.resolved_success_url, `http://setup-one.localhost:${new URL(berth.routerUrl).port}/`)
    const output = await fetch(one.build.output_stream_url)
    assert.match(await output.text(), /Node\.js app detected[\s\S]*Released v\d+/)

    const [configOne, configTwo] = await Promise.all([api('GET', '/apps/setup-one/config-vars'), api('GET', '/apps/setup-two/config-vars')])
    assert.equal(configOne.body.GREETING, 'hello from the setup')
    assert.equal(configOne.body.FROM_MANIFEST, 'as app.json says')
    assert.match(configOne.body.SECRET_KEY_BASE, /^[0-9a-f]{64}$/)
    assert.match(configTwo.body.SECRET_KEY_BASE, /^[0-9a-f]{64}$/)
    assert.notEqual(configOne.body.SECRET_KEY_BASE, configTwo.body.SECRET_KEY_BASE)
    assert.match(configOne.body.DATABASE_URL, /^postgres(ql)?:\/\//)
    assert.notEqual(configOne.body.DATABASE_URL, configTwo.body.DATABASE_URL)

    const addons = await api('GET', '/apps/setup-one/addons')
    assert.deepEqual(addons.body.map((a: any) => a.addon_service.name), ['berth-postgresql'])
    const formation = await api('GET', '/apps/setup-one/formation')
    assert.deepEqual(formation.body.map((f: any) => [f.type, f.quantity]), [['web', 1]])
    const home = await routerGet(berth.routerUrl, 'setup-one.localhost')
    assert.equal(home.body, 'hello from the setup (as app.json says)\n')
    // The postdeploy ran once, on the release that went live, against the app's own database.
    const seeds = await routerGet(berth.routerUrl, 'setup-one.localhost', '/seeds')
    assert.deepEqual(JSON.parse(seeds.body), ['planted by postdeploy'])
  })

  it('reports a postdeploy that fails as a failed setup with its exit code and output, and keeps the app', async () => {
    const created = await api('POST', '/app-setups', { source_blob: { url: `${filesUrl}/postdeploy-fails.tgz` }, app: { name: 'setup-fails' } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const done = await waitSettled(created.body.id, 120_000)
    assert.deepEqual([done.status, done.failure_message, done.postdeploy.exit_code], ['failed', 'The postdeploy script exited with status 3.', 3])
    assert.match(done.postdeploy.output, /about to fail/)
    assert.equal((await api('GET', '/apps/setup-fails')).status, 200)
  })

  it('refuses a malformed app.json, an unknown plan and a missing required var, leaving nothing behind', async () => {
    const appsBefore = (await api('GET', '/apps')).body.length
    const addonsBefore = (await api('GET', '/addons')).body.length
    const sourcesBefore = sourceFiles()
    const cases: [string, unknown, RegExp][] = [
      ['/bad-json.tgz', undefined, /^Invalid app\.json: app\.json is not valid JSON/],
      ['/wrong-types.tgz', undefined, /^Invalid app\.json: addons must be a list; formation web\.quantity must be a whole number\.$/],
      ['/unknown-plan.tgz', undefined, /^Invalid app\.json: addons\[0\] \(heroku-postgresql:galactic-9\): berth-postgresql has no plan "galactic-9"/],
      // GREETING is required and has neither a value nor an override.
      ['/flat.tgz', {}, /^Invalid app\.json: config var GREETING is required\.$/],
      ['/missing.tgz', undefined, /^Could not download source_blob\.url: the server answered 404\.$/],
    ]
    for (const [path, env, message] of cases) {
      const refused = await api('POST', '/app-setups', { source_blob: { url: `${filesUrl}${path}` }, app: { name: 'never-made' }, overrides: { env } })
      assert.equal(refused.status, 422, `${path}: ${JSON.stringify(refused.body)}`)
      assert.equal(refused.body.id, 'invalid_params')
      assert.match(refused.body.message, message)
    }
    assert.equal((await api('GET', '/apps/never-made')).status, 404)
    assert.equal((await api('GET', '/apps')).body.length, appsBefore)
    assert.equal((await api('GET', '/addons')).body.length, addonsBefore)
    assert.equal(sourceFiles(), sourcesBefore)
  })

  it('berth apps:create --from sets an app up from a tarball URL, or from a git repository it clones and uploads', async () => {
    const cli = berthCli(berth.apiUrl, { BERTH_API_KEY: KEY })
    const made = await cli.ok(['apps:create', 'cli-setup', '--from', `${filesUrl}/postdeploy-ok.tgz`])
    assert.match(made.stdout, /Released v\d+[\s\S]*Postdeploy script exited with status 0:\npostdeploy ran for the cli\n/)
    assert.match(made.stdout, new RegExp(`http://cli-setup\\.localhost:${new URL(berth.routerUrl).port}/ \\| `))
    assert.match(made.stderr, /Creating ⬢ cli-setup from app\.json\.\.\. done/)
    assert.equal((await routerGet(berth.routerUrl, 'cli-setup.localhost')).body, 'up')

    const failed = await cli.run(['apps:create', 'cli-fails', '--from', `${filesUrl}/postdeploy-fails.tgz`])
    assert.notEqual(failed.code, 0)
    assert.match(failed.stderr, /The app setup failed: The postdeploy script exited with status 3\. The app cli-fails stays/)
    // A git repository (here a local one: the CLI clones with the user's own access; the server never clones).
    const repo = mkdtempSync(join(tmpdir(), 'berth-setup-git-'))
    writeFileSync(join(repo, 'Procfile'), `web: node -e "require('http').createServer((q, s) => s.end('from git')).listen(process.env.PORT)"\n`)
    writeFileSync(join(repo, 'app.json'), JSON.stringify({ env: { WHO: 'git' }, scripts: { postdeploy: 'echo "postdeploy ran for $WHO"' } }))
    for (const args of [['init', '-q', '-b', 'main'], ['add', '.'], ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'app']]) {
      assert.equal(spawnSync('git', args, { cwd: repo }).status, 0)
    }
    const fromGit = await cli.ok(['apps:create', 'cli-git', '--from', join(repo, '.git')])
    assert.match(fromGit.stderr, /Cloning .*\.git\.\.\. done/)
    assert.match(fromGit.stdout, /Postdeploy script exited with status 0:\npostdeploy ran for git\n/)
    assert.equal((await routerGet(berth.routerUrl, 'cli-git.localhost')).body, 'from git')
    rmSync(repo, { recursive: true, force: true })
    const missing = await cli.run(['apps:create', 'cli-nogit', '--from', 'https://git.invalid/acme/shop.git'])
    assert.notEqual(missing.code, 0)
    assert.match(missing.stderr, /could not clone https:\/\/git\.invalid\/acme\/shop\.git/)
    assert.equal((await api('GET', '/apps/cli-nogit')).status, 404)
    const refused = await cli.run(['apps:create', 'cli-refused', '--from', `${filesUrl}/unknown-plan.tgz`])
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /Invalid app\.json: addons\[0\]/)
    assert.equal((await api('GET', '/apps/cli-refused')).status, 404)
  })

  it('shows a setup only to whoever made it and the members of its app', async () => {
    const created = await api('POST', '/app-setups', { source_blob: { url: `${filesUrl}/postdeploy-fails.tgz` }, app: { name: 'setup-private' } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const stranger = (await api('POST', '/berth/accounts', { email: 'stranger@example.com' })).body.api_key as string
    const theirs = apiClient(() => berth.apiUrl, stranger)
    const peek = await theirs('GET', `/app-setups/${created.body.id}`)
    assert.deepEqual([peek.status, peek.body.id], [404, 'not_found'])
    await api('POST', '/apps/setup-private/collaborators', { user: 'stranger@example.com' })
    assert.equal((await theirs('GET', `/app-setups/${created.body.id}`)).status, 200)
    await waitSettled(created.body.id, 120_000)
  })

  // Last: it restarts the server.
  it('fails a setup whose server was killed mid-postdeploy once the server is back, saying so', async () => {
    const created = await api('POST', '/app-setups', { source_blob: { url: `${filesUrl}/postdeploy-slow.tgz` }, app: { name: 'setup-killed' } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    await waitFor(async () => (await api('GET', `/app-setups/${created.body.id}`)).body.build?.status === 'succeeded', { what: 'the build to succeed', timeoutMs: 120_000 })
    await berth.kill()
    berth = await startBerthProcess(BERTH_ENV, { dataDir: berth.dataDir })
    const after = await api('GET', `/app-setups/${created.body.id}`)
    assert.deepEqual([after.body.status, after.body.failure_message], ['failed', 'The server stopped during this app setup; the app stays. Deploy it again, or destroy it and set it up again.'])
    assert.equal((await api('GET', '/apps/setup-killed')).status, 200)
  })
})
