import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { berthCli } from '../support/berth-cli.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'

const KEY = 'berth_e2e_berth_cli_buildpacks_key_01'

/** Our `berth` CLI's buildpack commands against a real server: the list they leave, and what they print. */
describe('berth CLI: buildpacks:add, buildpacks:set, buildpacks:remove and buildpacks:clear', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof berthCli>
  const api = apiClient(() => berth.apiUrl, KEY)
  const berthOn = (args: string[]) => cli.ok([...args, '-a', 'packs'])
  const refused = async (args: string[]) => {
    const run = await cli.run([...args, '-a', 'packs'])
    assert.equal(run.code, 1, run.stdout)
    return run.stderr
  }
  const installed = async () => ((await api('GET', '/apps/packs/buildpack-installations')).body as { buildpack: { url: string } }[]).map((b) => b.buildpack.url)

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY })
    cli = berthCli(berth.apiUrl, { BERTH_API_KEY: KEY })
    await cli.ok(['apps:create', 'packs', '--no-remote'])
  })
  after(async () => berth.stop())

  it('adds last, or at --index, and prints the numbered list the next release uses', async () => {
    const first = await berthOn(['buildpacks:add', 'heroku/python'])
    assert.equal(first.stdout, 'Buildpack added. Next release on packs will use heroku/python.\nRun git push berth main to create a new release using this buildpack.\n')
    const second = await berthOn(['buildpacks:add', '--index', '1', 'heroku/nodejs'])
    assert.equal(second.stdout, [
      'Buildpack added. Next release on packs will use:', '  1. heroku/nodejs', '  2. heroku/python',
      'Run git push berth main to create a new release using these buildpacks.', '',
    ].join('\n'))
    await berthOn(['buildpacks:add', '-i', '9', 'heroku/procfile'])
    assert.deepEqual(await installed(), ['heroku/nodejs', 'heroku/python', 'heroku/procfile'])
    assert.equal((await berthOn(['buildpacks'])).stdout, '=== packs Buildpacks\n1. heroku/nodejs\n2. heroku/python\n3. heroku/procfile\n')
  })

  it('refuses a buildpack already set and an index below 1, changing nothing', async () => {
    assert.match(await refused(['buildpacks:add', 'heroku/python']), /^ ▸ {4}The buildpack heroku\/python is already set on your app\.\n$/)
    assert.match(await refused(['buildpacks:add', '--index', '0', 'heroku/go']), /Invalid index\. Must be greater than 0\./)
    assert.deepEqual(await installed(), ['heroku/nodejs', 'heroku/python', 'heroku/procfile'])
  })

  it('removes by name or by --index, and refuses what is not set or out of range', async () => {
    assert.match(await refused(['buildpacks:remove', 'heroku/go']), /Buildpack not found\. Nothing was removed\./)
    assert.match(await refused(['buildpacks:remove', '--index', '4']), /Invalid index\. Please choose a value between 1 and 3/)
    assert.match(await refused(['buildpacks:remove']), /Must specify a buildpack to remove, either by index or URL\./)
    const removed = await berthOn(['buildpacks:remove', 'heroku/procfile'])
    assert.match(removed.stdout, /^Buildpack removed\. Next release on packs will use:\n {2}1\. heroku\/nodejs\n {2}2\. heroku\/python\n/)
    const last = await berthOn(['buildpacks:remove', '--index', '1'])
    assert.match(last.stdout, /^Buildpack removed\. Next release on packs will use heroku\/python\.\n/)
    assert.deepEqual(await installed(), ['heroku/python'])
  })

  it('sets in place of the first, or of the --index one, keeping the rest', async () => {
    await berthOn(['buildpacks:add', 'heroku/nodejs'])
    const set = await berthOn(['buildpacks:set', 'heroku/go'])
    assert.match(set.stdout, /^Buildpack set\. Next release on packs will use:\n {2}1\. heroku\/go\n {2}2\. heroku\/nodejs\n/)
    await berthOn(['buildpacks:set', '--index', '2', 'heroku/python'])
    assert.deepEqual(await installed(), ['heroku/go', 'heroku/python'])
    assert.match(await refused(['buildpacks:set', 'heroku/python']), /The buildpack heroku\/python is already set on your app\./)
  })

  it('clears the list so builds detect again, and warns while BUILDPACK_URL still picks one', async () => {
    assert.equal((await berthOn(['buildpacks:clear'])).stdout, 'Buildpacks cleared. Next release on packs will detect buildpacks normally.\n')
    assert.deepEqual(await installed(), [])
    assert.match((await berthOn(['buildpacks'])).stdout, /packs has no buildpack set/)
    assert.match(await refused(['buildpacks:remove', 'heroku/python']), /No buildpacks were found\. Next release on packs will detect buildpack normally\./)

    await berthOn(['config:set', 'BUILDPACK_URL=heroku/go'])
    await berthOn(['buildpacks:add', 'heroku/static'])
    const removed = await berthOn(['buildpacks:remove', 'heroku/static'])
    assert.equal(removed.stdout, 'Buildpack removed.\n')
    assert.match(removed.stderr, /The BUILDPACK_URL config var is still set and will be used for the next release/)
  })

  it('lists the new commands in berth help', async () => {
    const help = (await cli.ok(['help'])).stdout
    for (const id of ['buildpacks:add', 'buildpacks:remove', 'buildpacks:clear']) assert.match(help, new RegExp(`^ {2}${id} +\\S`, 'm'))
    assert.match((await cli.ok(['help', 'buildpacks:add'])).stdout, /Usage: berth buildpacks:add BUILDPACK\n[\s\S]*-i, --index INDEX/)
  })
})
