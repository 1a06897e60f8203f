import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { herokuCli } from '../support/heroku-cli.js'
import { uploadSlugArchive } from '../support/slug-archive.js'

const KEY = 'berth_e2e_admin_key_abcdefghijklmnop'
/** The CLI wraps long errors across ` ›   ` lines; join them back. */
const unwrap = (text: string) => text.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')
const EMAIL = 'admin@example.com'

/** The official `heroku` CLI, unmodified, against a real `berth server` process. */
describe('official heroku CLI: apps, config vars, releases and rollback', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof herokuCli>
  const heroku = (...args: string[]) => cli.ok(args)

  const api = async (method: string, path: string, body?: unknown) => (await apiClient(() => berth.apiUrl, KEY)(method, path, body)).body


  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_EMAIL: EMAIL, BERTH_ADMIN_API_KEY: KEY })
    cli = herokuCli(berth.apiUrl, KEY)
  })
  after(async () => berth.stop())

  it('auth:whoami prints the account', async () => {
    assert.equal((await heroku('auth:whoami')).stdout.trim(), EMAIL)
  })

  it('apps:create prints the web and git URLs', async () => {
    const { stdout, stderr } = await heroku('apps:create', 'demo', '--no-remote')
    assert.match(stderr, /Creating demo\.\.\. done/)
    const port = new URL(berth.apiUrl).port
    assert.equal(stdout.trim(), `http://demo.localhost:${new URL(berth.routerUrl).port}/ | https://127.0.0.1:${port}/demo.git`)
  })

  it('apps and apps:info show the app', async () => {
    const apps = await heroku('apps')
    assert.match(apps.stdout, new RegExp(`=== ${EMAIL} Apps`))
    // Heroku compat: ` (<region>)` follows only apps outside `us`.
    assert.match(apps.stdout, /^demo$/m)
    const info = await heroku('apps:info', '-a', 'demo')
    assert.match(info.stdout, /^=== demo$/m)
    assert.match(info.stdout, /^Region:\s+us$/m)
    assert.match(info.stdout, new RegExp(`^Git URL:\\s+https://127\\.0\\.0\\.1:${new URL(berth.apiUrl).port}/demo\\.git$`, 'm'))
    assert.match(info.stdout, /Owner:\s+admin@example\.com/)
    assert.match(info.stdout, /Web URL:\s+http:\/\/demo\.localhost:\d+\//)
    // Heroku compat: without create_status "complete" the CLI prints `create_status=undefined`.
    const shell = (await heroku('apps:info', '-a', 'demo', '--shell')).stdout
    assert.match(shell, /^owner=admin@example\.com$/m)
    assert.doesNotMatch(shell, /undefined/)
  })

  it('apps:create --region eu keeps the label: apps marks that app only, and regions lists us and eu', async () => {
    const { stderr } = await heroku('apps:create', 'demo-eu', '--region', 'eu', '--no-remote')
    assert.match(stderr, /Creating demo-eu\.\.\. done, region is eu/)
    const apps = (await heroku('apps')).stdout
    assert.match(apps, /^demo$/m)
    assert.match(apps, /^demo-eu \(eu\)$/m)
    assert.doesNotMatch(apps, /\(local\)/)
    assert.match((await heroku('apps:info', '-a', 'demo-eu')).stdout, /^Region:\s+eu$/m)
    const regions = (await heroku('regions')).stdout
    assert.match(regions, /^\s*eu\s+Europe\s+Common Runtime$/m)
    assert.match(regions, /^\s*us\s+United States\s+Common Runtime$/m)
    const mars = await cli.run(['apps:create', 'demo-mars', '--region', 'mars', '--no-remote'])
    assert.notEqual(mars.code, 0)
    assert.match(unwrap(mars.stderr), /Unknown region mars\. Regions: us, eu/)
    await heroku('apps:destroy', '-a', 'demo-eu', '--confirm', 'demo-eu')
  })

  it('config:set and config:unset create v3 and v4 with Heroku wording', async () => {
    const set = await heroku('config:set', 'FOO=bar', '-a', 'demo')
    assert.match(set.stderr, /Setting FOO and restarting demo\.\.\. done, v3/)
    assert.match(set.stdout, /FOO:\s+bar/)
    assert.match((await heroku('config', '-a', 'demo')).stdout, /=== demo Config Vars\s+FOO:\s+bar/)
    assert.equal((await heroku('config:get', 'FOO', '-a', 'demo')).stdout.trim(), 'bar')
    const unset = await heroku('config:unset', 'FOO', '-a', 'demo')
    assert.match(unset.stderr, /Unsetting FOO and restarting demo\.\.\. done, v4/)
    assert.doesNotMatch((await heroku('config', '-a', 'demo')).stdout, /FOO/)
  })

  it('releases lists the history with the current version, and -n and --json work', async () => {
    const { stdout } = await heroku('releases', '-a', 'demo')
    assert.match(stdout, /=== demo Releases - Current: v4/)
    const rows = stdout.split('\n').filter((line) => /^\s*v\d+\s/.test(line)).map((line) => line.trim().split(/\s{2,}/).slice(0, 3))
    assert.deepEqual(rows, [
      ['v4', 'Remove FOO config vars', EMAIL],
      ['v3', 'Set FOO config vars', EMAIL],
      ['v2', 'Enable Logplex', EMAIL],
      ['v1', 'Initial release', EMAIL],
    ])
    const two = await heroku('releases', '-a', 'demo', '-n', '2')
    assert.match(two.stdout, /v4 .*\n.*v3 /)
    assert.doesNotMatch(two.stdout, /Enable Logplex/)
    const json = JSON.parse((await heroku('releases', '-a', 'demo', '--json')).stdout)
    assert.deepEqual(json.map((r: any) => r.version), [4, 3, 2, 1])
  })

  it("releases:info shows a release and that release's config vars", async () => {
    const { stdout } = await heroku('releases:info', 'v3', '-a', 'demo')
    assert.match(stdout, /=== Release v3/)
    assert.match(stdout, /Change:\s+Set FOO config vars/)
    assert.match(stdout, /By:\s+admin@example\.com/)
    assert.match(stdout, /Eligible for Rollback\?:\s+Yes/)
    assert.match(stdout, /=== v3 Config vars\s+FOO:\s+bar/)
    assert.match((await heroku('releases:info', '-a', 'demo')).stdout, /=== Release v4/)
  })

  it('rollback v3 creates v5 with v3 config, and rollback without a version picks the previous release', async () => {
    const back = await heroku('rollback', 'v3', '-a', 'demo')
    assert.match(back.stderr, /Rolling back demo to v3\.\.\. done, v5/)
    assert.match(back.stderr, /To undo, run: heroku rollback v4/)
    assert.equal((await heroku('config:get', 'FOO', '-a', 'demo')).stdout.trim(), 'bar')
    assert.match((await heroku('releases', '-a', 'demo')).stdout, /Current: v5[\s\S]*v5\s+Rollback to v3/)
    const again = await heroku('rollback', '-a', 'demo')
    assert.match(again.stderr, /Rolling back demo to v4\.\.\. done, v6/)
    assert.equal((await heroku('config:get', 'FOO', '-a', 'demo')).stdout.trim(), '')
  })

  it('rolls back a deployed slug and refuses a release that would remove the code', async () => {
    const slug = await api('POST', '/apps/demo/slugs', { process_types: { web: 'node server.js' }, commit: '0123456789abcdef' })
    await uploadSlugArchive(slug.blob.url, 'node-basic')
    await api('POST', '/apps/demo/releases', { slug: slug.id })
    await heroku('config:set', 'AFTER=deploy', '-a', 'demo')
    assert.match((await heroku('releases:info', 'v7', '-a', 'demo')).stdout, /Change:\s+Deploy 01234567[\s\S]*Eligible for Rollback\?:\s+Yes/)
    assert.match((await heroku('rollback', 'v7', '-a', 'demo')).stderr, /done, v9/)
    assert.equal((await heroku('config:get', 'AFTER', '-a', 'demo')).stdout.trim(), '')
    const refused = await cli.run(['rollback', 'v3', '-a', 'demo'])
    assert.notEqual(refused.code, 0)
    assert.match(unwrap(refused.stderr), /Release v3 has no slug: it predates the first deploy/)
    assert.match(refused.stderr, /Error ID: invalid_params/)
  })

  it('maintenance:on and maintenance:off toggle and report the mode', async () => {
    assert.match((await heroku('maintenance:on', '-a', 'demo')).stderr, /Enabling maintenance mode for demo\.\.\. done/)
    assert.equal((await heroku('maintenance', '-a', 'demo')).stdout.trim(), 'on')
    assert.match((await heroku('maintenance:off', '-a', 'demo')).stderr, /Disabling maintenance mode for demo\.\.\. done/)
    assert.equal((await heroku('maintenance', '-a', 'demo')).stdout.trim(), 'off')
  })

  it('passes API errors through: a bad key and an unknown app', async () => {
    const bad = await cli.run(['config:set', 'BAD-KEY=1', '-a', 'demo'])
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /Invalid config var name "BAD-KEY"/)
    const missing = await cli.run(['releases', '-a', 'nope-no-app'])
    assert.notEqual(missing.code, 0)
    assert.match(missing.stderr, /Couldn't find that app/)
  })

  it('apps:destroy --confirm deletes the app', async () => {
    assert.match((await heroku('apps:destroy', '--app', 'demo', '--confirm', 'demo')).stderr, /Destroying demo \(including all add-ons\)\.\.\. done/)
    const gone = await cli.run(['apps:info', '-a', 'demo'])
    assert.notEqual(gone.code, 0)
    assert.match(gone.stderr, /Couldn't find that app/)
  })
})
