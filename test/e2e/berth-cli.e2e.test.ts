import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { berthArgv, berthCli, normalize } from '../support/berth-cli.js'
import { fixtureRepo, git } from '../support/git.js'
import { freePort } from '../../src/scheduler/local/free-port.js'
import { assertGolden } from '../support/golden.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

const ADMIN_KEY = 'berth_e2e_berth_cli_admin_key_0123'
const PASSWORD = 'a long enough password'

/** Our `berth` CLI, every command, as a user drives it: a real server, real git, a throwaway HOME. */
describe('berth CLI against a real server', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof berthCli>
  let repo: string
  let port: string
  const inRepo = (args: string[], env?: Record<string, string>) => cli.ok(args, { cwd: repo, env })
  const serve = async (path = '/') => routerGet(berth.routerUrl, 'demo.localhost', path)

  before(async () => {
    // drains:add points at a loopback receiver, which only an operator's allowlist lets drains reach.
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: ADMIN_KEY, BERTH_STOP_TIMEOUT: '3', BERTH_OUTBOUND_ALLOW: '127.0.0.1/32' })
    port = new URL(berth.apiUrl).port
    const created = await fetch(`${berth.apiUrl}/berth/accounts`, {
      method: 'POST', headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'dev@example.com', password: PASSWORD }),
    })
    assert.equal(created.status, 201)
    cli = berthCli(berth.apiUrl)
    repo = await fixtureRepo('notes-db')
  })
  after(async () => berth.stop())

  it('prints its version', async () => {
    const { stdout } = await cli.ok(['--version'])
    assert.match(stdout, /^berth\/0\.1\.0 linux-x64 node-v20\.\d+\.\d+\n$/)
  })

  it('login asks for email and password, keeps the token in ~/.netrc, and git push authenticates with it', async () => {
    const login = await cli.ok(['login'], { input: `dev@example.com\n${PASSWORD}\n` })
    assert.equal(login.stdout, 'Logged in as dev@example.com\n')
    const netrc = join(cli.home, '.netrc')
    assert.equal(statSync(netrc).mode & 0o777, 0o600)
    assert.match(readFileSync(netrc, 'utf8'), /^machine 127\.0\.0\.1\n {2}login dev@example\.com\n {2}password berth_\S+\n$/)
    assert.equal((await cli.ok(['auth:whoami'])).stdout, 'dev@example.com\n')
    assert.match((await cli.ok(['auth:token'])).stdout, /^berth_\S+\n$/)

    const created = await inRepo(['apps:create', 'demo'])
    assert.match(created.stderr, /Creating ⬢ demo\.\.\. done$/m)
    assert.doesNotMatch(created.stderr, /⬢ demo.*⬢ demo/)
    assert.equal(created.stdout, `http://demo.localhost:${new URL(berth.routerUrl).port}/ | http://127.0.0.1:${port}/demo.git\nGit remote berth added\n`)
    const pushed = await git(['push', 'berth', 'main'], repo, { HOME: cli.home })
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.deepEqual(JSON.parse((await serve()).body), { code: 'notes v1', notes: null })
  })

  it('finds the app from -a, the git remote, or BERTH_APP, and refuses to guess between two', async () => {
    assert.match((await inRepo(['releases'])).stdout, /^=== demo Releases - Current: v3\n/)
    const lost = await cli.run(['releases'])
    assert.equal(lost.code, 1)
    assert.match(lost.stderr, /No app specified\. Use -a APP, set BERTH_APP/)
    assert.match((await cli.ok(['releases'], { env: { BERTH_APP: 'demo' } })).stdout, /=== demo Releases/)
    await git(['remote', 'add', 'staging', `http://127.0.0.1:${port}/demo-staging.git`], repo)
    const ambiguous = await cli.run(['releases'], { cwd: repo })
    assert.match(ambiguous.stderr, /Several apps are git remotes here: demo \(berth\), demo-staging \(staging\)\. Choose one with -a APP or -r REMOTE/)
    assert.match((await inRepo(['releases', '-r', 'berth'])).stdout, /=== demo Releases/)
    await git(['remote', 'remove', 'staging'], repo)
  })

  it('config:set, config, config:get and config:unset, each change one release', async () => {
    const set = await inRepo(['config:set', 'GREETING=hello there', 'MODE=test'])
    assert.match(set.stderr, /Setting GREETING, MODE and restarting ⬢ demo\.\.\. done, v4/)
    assert.equal(set.stdout, 'GREETING: hello there\nMODE:     test\n')
    assertGolden('config', (await inRepo(['config'])).stdout)
    assert.deepEqual(JSON.parse((await inRepo(['config', '--json'])).stdout), { GREETING: 'hello there', MODE: 'test' })
    assert.equal((await inRepo(['config:get', 'MODE'])).stdout, 'test\n')
    assert.match((await inRepo(['config:unset', 'MODE'])).stderr, /Unsetting MODE and restarting ⬢ demo\.\.\. done, v5/)
    assert.equal((await inRepo(['config', '--shell'])).stdout, "GREETING='hello there'\n")
  })

  it('addons:create, addons and addons:info', async () => {
    // A fixed name keeps the golden tables' column widths fixed too.
    const created = await inRepo(['addons:create', 'heroku-postgresql', '--name', 'demo-db'])
    assert.match(created.stderr, /Creating heroku-postgresql on ⬢ demo\.\.\. free/)
    assert.match(created.stdout, /^Created demo-db as DATABASE_URL\n/)
    assertGolden('addons', (await inRepo(['addons'])).stdout)
    const name = 'demo-db'
    const info = (await inRepo(['addons:info', name])).stdout
    assert.match(info, new RegExp(`^=== ${name}\\n`))
    assert.match(info, /Plan: +berth-postgresql:dev\n/)
    assert.match(info, /Attachments: +demo::DATABASE\n/)
    assert.match(info, /Connections: +\d+\/20\n/)
    assert.deepEqual(JSON.parse((await serve('/add?note=kept')).body).notes, ['kept'])
  })

  it("releases and releases:info keep Heroku's layout", async () => {
    assertGolden('releases', normalize((await inRepo(['releases'])).stdout))
    assert.equal((await inRepo(['releases', '-n', '2'])).stdout.trim().split('\n').length, 4)
    assert.equal(JSON.parse((await inRepo(['releases', '--json'])).stdout).length, 6)
    assertGolden('releases-info', normalize((await inRepo(['releases:info', 'v4'])).stdout.replace(/(When: +)\S+/, '$1<iso>')))
    assert.match((await inRepo(['releases:output', 'v6'])).stdout, /migrated: notes table ready/)
  })

  it('releases:diff shows commits, config keys, add-ons and process types, values only on request', async () => {
    writeFileSync(join(repo, 'Procfile'), 'web: node server.js\nworker: node -e "setInterval(() => {}, 1000)"\nrelease: node migrate.js\n')
    writeFileSync(join(repo, 'server.js'), readFileSync(join(repo, 'server.js'), 'utf8').replace("'notes v1'", "'notes v2'"))
    await git(['commit', '-qam', 'Add a worker'], repo)
    const pushed = await git(['push', 'berth', 'main'], repo, { HOME: cli.home })
    assert.equal(pushed.code, 0, pushed.stderr)
    assertGolden('releases-diff', normalize((await inRepo(['releases:diff', 'v3', 'v7'])).stdout))
    assert.match((await inRepo(['releases:diff', 'v3', 'v7', '--show-values'])).stdout, /\+ GREETING=hello there/)
    assert.match((await inRepo(['releases:diff', 'v7'])).stdout, /^=== demo: v6 → v7\n/)
  })

  it('rollback waits until live, shows what changed, and warns about add-ons, release phases and the way back', async () => {
    const rolled = await inRepo(['rollback', 'v3'])
    assert.match(rolled.stderr, /Rolling back ⬢ demo to v3\.\.\. done, v8/)
    assert.match(rolled.stdout, /^v8 is live: the code and config vars of v3\.\n/)
    assert.match(rolled.stdout, /Code [0-9a-f]{8} → [0-9a-f]{8} \(takes away 1 commit\):\n {2}[0-9a-f]{8} Add a worker\n/)
    assert.match(rolled.stdout, /Config vars:\n {2}- GREETING\n/)
    assert.match(rolled.stdout, /Process types:\n {2}- worker\n/)
    assert.doesNotMatch(rolled.stdout, /DATABASE_URL|Add-ons:/, 'the add-on stays, so it is not a change')
    assert.match(rolled.stderr, /Add-ons are not rolled back: berth-postgresql:dev stays attached, and its data stays as it is now\./)
    assert.match(rolled.stderr, /Release phases ran since v3 \(v4, v5, v6, v7\), often database migrations; rolling back does not undo what they did\./)
    assert.match(rolled.stderr, /To undo this rollback: berth rollback v7 -a demo/)
    assert.deepEqual(JSON.parse((await serve()).body), { code: 'notes v1', notes: ['kept'] })

    const back = await inRepo(['rollback'])
    assert.match(back.stderr, /Rolling back ⬢ demo to v7\.\.\. done, v9/)
    const refused = await cli.run(['rollback', 'v1'], { cwd: repo })
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, / ▸ {4}Cannot roll back to v1\. Release v1 is the app's initial setup\.\n ▸ {4}Error ID: invalid_params\n/)
    const quick = await inRepo(['rollback', 'v3', '--no-wait'])
    assert.match(quick.stdout, /^v10 is rolling out; berth releases -a demo shows when it is current\./)
    await waitFor(async () => /Current: v10/.test((await inRepo(['releases', '-n', '1'])).stdout), { timeoutMs: 30_000, what: 'v10 live' })
  })

  it('ps, ps:scale, ps:restart, ps:stop and run', async () => {
    await inRepo(['rollback', 'v7'])
    const scaled = await inRepo(['ps:scale', 'web=2', 'worker=1'])
    assert.match(scaled.stderr, /Scaling dynos\.\.\. done, now running web at 2:Basic, worker at 1:Basic/)
    await waitFor(async () => /web\.2: up/.test((await inRepo(['ps'])).stdout), { timeoutMs: 30_000, what: 'web.2 up' })
    const ps = (await inRepo(['ps'])).stdout
    assert.match(ps, /=== web \(Basic\): node server\.js \(2\)\nweb\.1: up \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \+0000 \(~ \d+s ago\)\nweb\.2: up/)
    assert.match(ps, /=== worker \(Basic\): node -e "setInterval\(\(\) => \{\}, 1000\)" \(1\)\nworker\.1: /)
    assert.match((await inRepo(['ps:restart', '-p', 'web'])).stderr, /Restarting all web dynos on ⬢ demo\.\.\. done/)
    assert.match((await inRepo(['ps:stop', 'web.2'])).stderr, /Stopping dyno web\.2 on ⬢ demo\.\.\. done/)
    const run = await inRepo(['run', 'echo', 'hello', 'from', 'a', 'one-off'])
    assert.match(run.stderr, /Running echo hello from a one-off on ⬢ demo\.\.\. up, run\.\d{4}/)
    assert.equal(run.stdout, 'hello from a one-off\n')
    const failed = await cli.run(['run', 'exit 3'], { cwd: repo })
    assert.equal(failed.code, 3)
    assert.match(failed.stderr, /run\.\d{4} exited with status 3\./)
  })

  it('logs: history, filters, a release, and --tail', async () => {
    const lines = (await inRepo(['logs', '-n', '5'])).stdout.trim().split('\n')
    assert.equal(lines.length, 5)
    assert.ok(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 (app|heroku)\[[\w.]+\]: /.test(l)), lines.join('\n'))
    const api = (await inRepo(['logs', '-n', '1500', '-s', 'app', '-p', 'api'])).stdout
    assert.match(api, /app\[api\]: Release v7 created by user dev@example\.com/)
    const tail = spawn(process.execPath, berthArgv(['logs', '--tail', '-a', 'demo']), { env: cli.env, cwd: repo })
    let output = ''
    tail.stdout.on('data', (chunk) => { output += chunk })
    try {
      await waitFor(() => output.includes('heroku['), { timeoutMs: 15_000, what: 'the backlog' })
      await serve('/tail-probe')
      await waitFor(() => /path="\/tail-probe"/.test(output), { timeoutMs: 15_000, what: 'the new router line' })
    } finally {
      tail.kill()
    }
  })

  it('domains, drains, maintenance, buildpacks, builds, access, open and apps:info', async () => {
    assert.match((await inRepo(['domains:add', 'www.example.test'])).stdout, /Point www\.example\.test's DNS \(a CNAME\) at demo\.localhost\./)
    assert.match((await inRepo(['domains'])).stdout, /=== demo Heroku Domain\ndemo\.localhost\n\n=== demo Custom Domains\nDomain Name +DNS Target +SNI Endpoint +ACM Status\n─+ {2}─+ {2}─+ {2}─+\nwww\.example\.test {2}demo\.localhost/)
    assert.equal((await routerGet(berth.routerUrl, 'www.example.test')).status, 200)
    await inRepo(['domains:remove', 'www.example.test'])
    assert.match((await inRepo(['drains:add', 'syslog://127.0.0.1:6514'])).stdout, /Successfully added drain syslog:\/\/127\.0\.0\.1:6514 \(d\.[0-9a-f-]{36}\)/)
    assert.match((await inRepo(['drains'])).stdout, /=== Drains\nsyslog:\/\/127\.0\.0\.1:6514/)
    assert.match((await inRepo(['drains:remove', 'syslog://127.0.0.1:6514'])).stdout, /Successfully removed drain/)
    await inRepo(['maintenance:on'])
    assert.equal((await inRepo(['maintenance'])).stdout, 'on\n')
    assert.equal((await serve()).status, 503)
    assert.match((await inRepo(['maintenance:off'])).stderr, /Disabling maintenance mode for ⬢ demo\.\.\. done/)
    assert.match((await inRepo(['buildpacks'])).stdout, /demo has no buildpack set/)
    await inRepo(['buildpacks:set', 'heroku/nodejs'])
    assert.match((await inRepo(['buildpacks'])).stdout, /=== demo Buildpack\nheroku\/nodejs/)
    const builds = (await inRepo(['builds'])).stdout
    assert.equal((builds.match(/ succeeded /g) ?? []).length, 2, builds)
    assert.match((await inRepo(['builds:output'])).stdout, /Node\.js/)
    await inRepo(['access:add', 'admin@berth.local'])
    assert.match((await inRepo(['access'])).stdout, /=== demo Access List\nadmin@berth\.local {2}collaborator\ndev@example\.com {4}owner/)
    await inRepo(['access:remove', 'admin@berth.local'])
    assert.equal((await inRepo(['open'])).stdout, `http://demo.localhost:${new URL(berth.routerUrl).port}/\n`)
    const info = (await inRepo(['apps:info'])).stdout
    assert.match(info, /^Repo Size: +[1-9]\d* [KM]?B$/m)
    assert.match(info, /^Slug Size: +[1-9]\d* [KM]?B$/m)
    assertGolden('apps-info', normalize(info).replace(/:\d{4,5}\//g, ':<port>/').replace(/(Size: +)\d+ [KM]?B/g, '$1<size>'))
    assert.match((await cli.ok(['apps'])).stdout, /^=== dev@example\.com Apps\n\ndemo\n$/)
  })

  it('git:clone and git:remote use the stored login; apps:rename moves the remote', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'berth-clone-'))
    await cli.ok(['git:clone', '-a', 'demo', 'copy'], { cwd: parent })
    assert.ok(existsSync(join(parent, 'copy', 'server.js')))
    const other = mkdtempSync(join(tmpdir(), 'berth-remote-'))
    await git(['init', '-q'], other)
    assert.equal((await cli.ok(['git:remote', '-a', 'demo'], { cwd: other })).stdout, `set git remote berth to http://127.0.0.1:${port}/demo.git\n`)
    const renamed = await inRepo(['apps:rename', 'demo2'])
    assert.match(renamed.stdout, /Git remote berth updated/)
    assert.equal((await git(['remote', 'get-url', 'berth'], repo)).stdout.trim(), `http://127.0.0.1:${port}/demo2.git`)
  })

  it('releases:retry runs the release phase again as a new release; logs --release shows only its lines', async () => {
    const [latest] = JSON.parse((await inRepo(['releases', '-n', '1', '--json'])).stdout)
    const retried = await inRepo(['releases:retry'])
    assert.match(retried.stderr, new RegExp(`Retrying v${latest.version} on ⬢ demo2\\.\\.\\. done, v${latest.version + 1}`))
    assert.match(retried.stdout, /Running release command\.\.\.\n[\s\S]*migrated: notes table ready/)
    const lines = (await inRepo(['logs', '-n', '1500', '--release', `v${latest.version + 1}`])).stdout.trim().split('\n')
    assert.ok(lines.some((l) => /app\[release\.\d{4}\]: migrated: notes table ready/.test(l)), lines.join('\n'))
    assert.ok(lines.every((l) => !l.includes(`Release v${latest.version} created`)), 'no line from the release before')
  })

  it('apps:create names a generated app once, and keeps a region label and a stack', async () => {
    const generated = await cli.ok(['apps:create', '--region', 'eu', '--json'])
    const app = JSON.parse(generated.stdout)
    assert.equal(app.region.name, 'eu')
    const named = await cli.ok(['apps:create', '--region', 'eu', '--stack', 'heroku-24', '--no-remote'])
    const name = /^http:\/\/([a-z0-9-]+)\./.exec(named.stdout)?.[1]
    assert.match(named.stderr, new RegExp(`Creating app\\.\\.\\. done, ⬢ ${name}, region is eu, stack is heroku-24$`, 'm'))
    assert.match((await cli.ok(['apps:info', '-a', app.name])).stdout, /^Region: +eu$/m)
    assert.match((await cli.ok(['apps:info', '-a', name!])).stdout, /^Stack: +heroku-24$/m)
    for (const created of [app.name, name!]) await cli.ok(['apps:destroy', '-a', created, '--confirm', created])
  })

  it('login takes an API key typed as the password, and says how when neither works', async () => {
    const admin = berthCli(berth.apiUrl)
    assert.equal((await admin.ok(['login'], { input: `admin@berth.local\n${ADMIN_KEY}\n` })).stdout, 'Logged in as admin@berth.local\n')
    assert.equal((await admin.ok(['auth:whoami'])).stdout, 'admin@berth.local\n')
    const wrong = await berthCli(berth.apiUrl).run(['login'], { input: 'admin@berth.local\nnot the key\n' })
    assert.equal(wrong.code, 1)
    assert.match(wrong.stderr, /Invalid email or password\. An account without a password .* logs in with its API key: type the key as the password, or run `berth login --api-key KEY`/)
    const someoneElse = await berthCli(berth.apiUrl).run(['login'], { input: `dev@example.com\n${ADMIN_KEY}\n` })
    assert.equal(someoneElse.code, 1, 'a key logs in only as its own account')
  })

  it('apps:create --no-remote leaves git alone; login --api-key stores a key', async () => {
    const created = await inRepo(['apps:create', 'scratch', '--no-remote'])
    assert.doesNotMatch(created.stdout, /Git remote/)
    assert.doesNotMatch((await git(['remote'], repo)).stdout, /scratch/)
    await inRepo(['apps:destroy', '-a', 'scratch', '--confirm', 'scratch'])
    const other = berthCli(berth.apiUrl)
    assert.equal((await other.ok(['login', '--api-key', ADMIN_KEY])).stdout, 'Logged in as admin@berth.local\n')
    assert.equal((await other.ok(['auth:whoami'])).stdout, 'admin@berth.local\n')
  })

  it('errors: the API message and id unchanged, a clear word for no login, a quick one for no server', async () => {
    const missing = await cli.run(['releases', '-a', 'nope'])
    assert.deepEqual([missing.code, missing.stderr], [1, " ▸    Couldn't find that app.\n ▸    Error ID: not_found\n"])
    const anonymous = berthCli(berth.apiUrl)
    const nobody = await anonymous.run(['auth:whoami'])
    assert.equal(nobody.code, 1)
    assert.match(nobody.stderr, /Not logged in\. Run `berth login`, or set BERTH_API_KEY\./)
    const closed = await freePort()
    const down = await cli.run(['apps'], { env: { BERTH_API_URL: `http://127.0.0.1:${closed}` } })
    assert.equal(down.code, 1)
    assert.match(down.stderr, new RegExp(`Could not reach Berth at http://127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\)\\. Is \`berth server\` running there\\?`))
    assert.ok(down.ms < 5000, `failed in ${down.ms} ms`)
    assert.match((await cli.run(['frobnicate'])).stderr, /frobnicate is not a berth command/)
    const unconfirmed = await cli.run(['addons:destroy', 'DATABASE'], { cwd: repo })
    assert.equal(unconfirmed.code, 1)
    assert.match(unconfirmed.stderr, /Run again with --confirm demo2 to proceed\./)
  })

  it('addons:destroy and apps:destroy confirm with the app name; logout forgets the token', async () => {
    assert.match((await inRepo(['addons:destroy', 'DATABASE', '--confirm', 'demo2'])).stderr, /Destroying demo-db on ⬢ demo2\.\.\. done/)
    assert.equal((await cli.run(['apps:destroy', '-a', 'demo2', '--confirm', 'demo'])).code, 1)
    const destroyed = await inRepo(['apps:destroy', '--confirm', 'demo2'])
    assert.match(destroyed.stderr, /Destroying ⬢ demo2 \(including all add-ons\)\.\.\. done/)
    assert.equal(destroyed.stdout, 'Git remote berth removed\n')
    assert.match((await cli.ok(['logout'])).stderr, /Logging out\.\.\. done/)
    assert.doesNotMatch(readFileSync(join(cli.home, '.netrc'), 'utf8'), /127\.0\.0\.1/)
    assert.equal((await cli.run(['auth:whoami'])).code, 1)
  })
})
