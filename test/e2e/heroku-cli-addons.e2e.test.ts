import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { herokuCli } from '../support/heroku-cli.js'
import { databaseExists, TEST_POSTGRES_URL } from '../support/postgres.js'
import { routerGet } from '../support/router-client.js'

const KEY = 'berth_e2e_cli_addons_key_0123456789'
const unwrap = (text: string) => text.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')

/**
 * A git-deployed app that keeps rows in its berth-postgresql database and a
 * counter in its berth-redis, driven by the official CLI: attach, use,
 * list, roll back (the data and the add-ons stay), destroy.
 */
describe('official heroku CLI: add-ons serve a deployed app and survive rollback', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof herokuCli>
  let repo: string
  const heroku = (...args: string[]) => cli.ok(args)
  const serve = async (path = '/') => {
    const response = await routerGet(berth.routerUrl, 'notes.localhost', path)
    assert.equal(response.status, 200, response.body)
    return JSON.parse(response.body)
  }
  const push = async () => {
    const pushed = await git(['push', remoteUrl(berth.apiUrl, 'notes', KEY), 'main'], repo)
    assert.equal(pushed.code, 0, pushed.stderr)
  }

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_STOP_TIMEOUT: '3' })
    cli = herokuCli(berth.apiUrl, KEY)
    await heroku('apps:create', 'notes', '--no-remote')
    repo = await fixtureRepo('notes-db')
    await push()
  })
  after(async () => {
    try {
      await cli?.run(['apps:destroy', 'notes', '--confirm', 'notes'])
    } finally {
      await berth?.stop()
    }
  })

  it('addons:create heroku-postgresql attaches DATABASE, runs the release phase, and the app stores rows', async () => {
    assert.deepEqual(await serve(), { code: 'notes v1', notes: null })
    const created = await heroku('addons:create', 'heroku-postgresql', '-a', 'notes')
    const output = unwrap(created.stdout + created.stderr)
    assert.match(output, /Creating heroku-postgresql on (⬢ )?notes\.\.\. free/)
    assert.match(output, /Created postgresql-[a-z]+-\d{5} as DATABASE_URL/)
    const { stdout } = await heroku('releases', '-a', 'notes')
    assert.match(stdout, /v4\s+Attach DATABASE \(@ref:postgresql-[a-z]+-\d{5}\)\s+berth-postgresql@addons\.berth\.local/)
    assert.match((await heroku('releases:output', 'v4', '-a', 'notes')).stdout, /migrated: notes table ready/)
    assert.match((await heroku('config:get', 'DATABASE_URL', '-a', 'notes')).stdout, /^postgres:\/\/u_\w+:\w+@127\.0\.0\.1:5432\/d_\w+$/m)
    assert.deepEqual(await serve('/add?note=first'), { code: 'notes v1', notes: ['first'] })
  })

  it('addons:create takes --as and --name, and berth-redis gives the app a working REDIS_URL', async () => {
    const named = await heroku('addons:create', 'heroku-postgresql', '--as', 'ANALYTICS', '--name', 'notes-analytics', '-a', 'notes')
    assert.match(unwrap(named.stdout + named.stderr), /Created notes-analytics as ANALYTICS_URL/)
    const redis = await heroku('addons:create', 'berth-redis', '-a', 'notes')
    assert.match(unwrap(redis.stdout + redis.stderr), /Created redis-[a-z]+-\d{5} as REDIS_KEY_PREFIX, REDIS_URL|Created redis-[a-z]+-\d{5} as REDIS_URL, REDIS_KEY_PREFIX/)
    assert.deepEqual(await serve('/hits'), { hits: 1 })
    assert.deepEqual(await serve('/hits'), { hits: 2 })
  })

  it('addons lists them with their attachments, as a table and as JSON; addons:info shows one', async () => {
    const { stdout } = await heroku('addons', '-a', 'notes')
    assert.match(stdout, /berth-postgresql \(postgresql-[a-z]+-\d{5}\)\s+dev\s+free\s+free\s+created/)
    assert.match(stdout, /as DATABASE/)
    assert.match(stdout, /berth-postgresql \(notes-analytics\)\s+dev\s+free\s+free\s+created/)
    assert.match(stdout, /as ANALYTICS/)
    assert.match(stdout, /berth-redis \(redis-[a-z]+-\d{5}\)\s+dev\s+free\s+free\s+created/)
    const json = JSON.parse((await heroku('addons', '--json', '-a', 'notes')).stdout)
    assert.deepEqual(json.map((a: any) => [a.addon_service.name, a.attachments.map((t: any) => t.name)]).sort(), [
      ['berth-postgresql', ['ANALYTICS']], ['berth-postgresql', ['DATABASE']], ['berth-redis', ['REDIS']],
    ])
    const info = await heroku('addons:info', 'notes-analytics', '-a', 'notes')
    assert.match(info.stdout, /=== notes-analytics/)
    assert.match(info.stdout, /Attachments:\s+notes::ANALYTICS/)
    assert.match(info.stdout, /Owning app:\s+notes/)
    assert.match(info.stdout, /Plan:\s+berth-postgresql:dev/)
    assert.match(info.stdout, /State:\s+created/)
  })

  it('rollback brings back old code and config while the add-ons and their data stay', async () => {
    const server = join(repo, 'server.js')
    writeFileSync(server, readFileSync(server, 'utf8').replace("const CODE = 'notes v1'", "const CODE = 'notes v2'"))
    await git(['commit', '-qam', 'notes v2'], repo)
    await push()
    assert.deepEqual(await serve(), { code: 'notes v2', notes: ['first'] })
    await heroku('config:set', 'MODE=late', '-a', 'notes')
    const rolled = await heroku('rollback', 'v3', '-a', 'notes')
    const said = unwrap(rolled.stderr + rolled.stdout)
    assert.match(said, /Rolling back notes to v3\.\.\. done, v9/)
    assert.match(said, /it doesn't add or remove addons/)
    assert.match(said, /Running release command\.\.\. migrated: notes table ready/)
    assert.deepEqual(await serve(), { code: 'notes v1', notes: ['first'] })
    assert.deepEqual(await serve('/hits'), { hits: 3 })
    const config = (await heroku('config', '--json', '-a', 'notes')).stdout
    assert.deepEqual(Object.keys(JSON.parse(config)).sort(), ['ANALYTICS_URL', 'DATABASE_URL', 'REDIS_KEY_PREFIX', 'REDIS_URL'])
    assert.equal(JSON.parse((await heroku('addons', '--json', '-a', 'notes')).stdout).length, 3)
  })

  it('config:set refuses to overwrite an add-on var, pointing at addons:destroy', async () => {
    const refused = await cli.run(['config:set', 'DATABASE_URL=postgres://elsewhere', '-a', 'notes'])
    assert.notEqual(refused.code, 0)
    assert.match(unwrap(refused.stderr), /DATABASE_URL is set by an attached add-on .*addons:destroy/)
  })

  it('addons:destroy needs the app name confirmed, then detaches and drops the database', async () => {
    const database = (await heroku('config:get', 'ANALYTICS_URL', '-a', 'notes')).stdout.trim().split('/').at(-1)!
    const unconfirmed = await cli.run(['addons:destroy', 'notes-analytics', '-a', 'notes', '--confirm', 'wrong'])
    assert.notEqual(unconfirmed.code, 0)
    assert.equal(await databaseExists(database), true)
    const destroyed = await heroku('addons:destroy', 'notes-analytics', '-a', 'notes', '--confirm', 'notes')
    assert.match(unwrap(destroyed.stderr + destroyed.stdout), /Destroying notes-analytics on (⬢ )?notes\.\.\. done/)
    assert.match((await heroku('releases', '-n', '1', '-a', 'notes')).stdout, /Detach ANALYTICS \(@ref:notes-analytics\)/)
    assert.equal(await databaseExists(database), false)
    assert.doesNotMatch((await heroku('addons', '-a', 'notes')).stdout, /notes-analytics/)
    assert.deepEqual(await serve(), { code: 'notes v1', notes: ['first'] })
  })

  it("addons:create -- --version honours the server's major version, and refuses another naming the one offered", async () => {
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL })
    await admin.connect()
    const major = String(Math.floor(Number((await admin.query('SHOW server_version_num')).rows[0].server_version_num) / 10_000))
    await admin.end()
    const made = await heroku('addons:create', 'heroku-postgresql', '--as', 'PINNED', '--name', 'notes-pinned', '-a', 'notes', '--', '--version', major)
    assert.match(unwrap(made.stdout + made.stderr), /Created notes-pinned as PINNED_URL/)
    const other = String(Number(major) + 1)
    const refused = await cli.run(['addons:create', 'heroku-postgresql', '-a', 'notes', '--', '--version', other])
    assert.notEqual(refused.code, 0)
    assert.match(unwrap(refused.stderr), new RegExp(`berth-postgresql offers PostgreSQL ${major}[.\\d]* on this installation, not ${other}\\. Omit --version, or ask for --version ${major}\\.`))
    assert.match(refused.stderr, /Error ID: invalid_params/)
  })
})
