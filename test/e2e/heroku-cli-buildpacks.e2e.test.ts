import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { FIXTURE_BUILDPACKS, fixtureRepo, git } from '../support/git.js'
import { herokuCli } from '../support/heroku-cli.js'
import { routerGet } from '../support/router-client.js'

const KEY = 'berth_e2e_cli_buildpacks_key_012345'
const FIRST = `file://${join(FIXTURE_BUILDPACKS, 'multi-first')}`
const SECOND = `file://${join(FIXTURE_BUILDPACKS, 'multi-second')}`

/** The official CLI's buildpack and stack commands, and the builds they lead to. */
describe('official heroku CLI: stacks, buildpacks and multi-buildpack builds', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof herokuCli>
  let repo: string
  const heroku = (args: string[], cwd?: string) => cli.ok(args, { cwd })
  const push = (dir: string) => git(['push', 'heroku', 'main'], dir, cli.env({ GIT_SSL_CAINFO: join(berth.dataDir, 'tls', 'ca.crt') }))
  const remoteLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('remote:')).map((l) => l.slice('remote:'.length).trim())

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_BUILDPACK_PATHS: FIXTURE_BUILDPACKS })
    cli = herokuCli(berth.apiUrl, KEY)
    repo = await fixtureRepo('multi-buildpack')
  })
  after(async () => berth.stop())

  it('apps:create --stack heroku-24 keeps the stack, and apps:info and stack show it', async () => {
    const created = await heroku(['apps:create', 'cli-stacks', '--stack', 'heroku-24'], repo)
    assert.match(created.stdout + created.stderr, /done, stack is heroku-24/)
    assert.match((await heroku(['apps:info'], repo)).stdout, /^Stack:\s+heroku-24$/m)
    const stacks = await heroku(['stack'], repo)
    assert.match(stacks.stdout, /=== cli-stacks Available Stacks/)
    assert.deepEqual(stacks.stdout.split('\n').filter((l) => /^[ *] /.test(l)), ['  berth-24', '  heroku-22', '* heroku-24'])
  })

  it('apps:create refuses a stack Berth does not have, naming the ones it has', async () => {
    const refused = await cli.run(['apps:create', 'cli-cedar', '--stack', 'cedar-14'])
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' '), /Stack not found: cedar-14\. Available stacks: berth-24, heroku-22, heroku-24\./)
  })

  it('buildpacks:set and buildpacks:add --index 1 put two buildpacks in order, and buildpacks lists them', async () => {
    await heroku(['buildpacks:set', SECOND], repo)
    const added = await heroku(['buildpacks:add', '--index', '1', FIRST], repo)
    assert.match(added.stdout, /Buildpack added\. Next release on cli-stacks will use:\n\s+1\. file:\/\/.*multi-first\n\s+2\. file:\/\/.*multi-second/)
    const listed = await heroku(['buildpacks'], repo)
    assert.match(listed.stdout, /=== cli-stacks Classic Buildpacks \(from the Heroku Buildpack Registry\)\n\n1\. file:\/\/.*multi-first\n2\. file:\/\/.*multi-second/)
  })

  it('a push runs both in order on the app\'s stack: the second sees the first\'s exports, and the merged release reaches the dyno', async () => {
    await heroku(['config:set', 'SHARED=set by the app'], repo)
    const pushed = await push(repo)
    assert.equal(pushed.code, 0, pushed.stderr)
    const lines = remoteLines(pushed.stderr)
    for (const line of ['-----> Building on the Heroku-24 stack', '-----> First app detected', '-----> First buildpack compiling on stack heroku-24', '-----> Second app detected', 'FIRST_HOME=/app/.first']) {
      assert.ok(lines.includes(line), `${line} in:\n${lines.join('\n')}`)
    }
    assert.ok(lines.indexOf('-----> First app detected') < lines.indexOf('-----> Second app detected'))
    assert.match(lines.join('\n'), /Procfile declares types -> web\n\s*Default types for buildpack -> web, assets/)
    const served = await routerGet(berth.routerUrl, 'cli-stacks.localhost')
    assert.equal(served.body, 'first tool ran; FROM_FIRST=one; SHARED=set by the app\n')
  })

  it('stack:set picks the next build\'s stack: apps:info and stack say so until a push builds on it', async () => {
    const set = await heroku(['stack:set', 'heroku-22'], repo)
    assert.match(set.stdout, /You will need to redeploy cli-stacks for the change to take effect\./)
    assert.match((await heroku(['apps:info'], repo)).stdout, /^Stack:\s+heroku-24 \(next build will use heroku-22\)$/m)
    assert.match((await heroku(['stack'], repo)).stdout, /^ {2}heroku-22 \(active on next deploy\)$/m)
    await git(['commit', '-q', '--allow-empty', '-m', 'on heroku-22'], repo)
    const pushed = await push(repo)
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.ok(remoteLines(pushed.stderr).includes('-----> First buildpack compiling on stack heroku-22'), pushed.stderr)
    assert.match((await heroku(['apps:info'], repo)).stdout, /^Stack:\s+heroku-22$/m)
  })

  it('buildpacks:remove --index 1 and buildpacks:clear leave the rest, then nothing', async () => {
    const removed = await heroku(['buildpacks:remove', '--index', '1'], repo)
    assert.match(removed.stdout, /Buildpack removed\. Next release on cli-stacks will use file:\/\/.*multi-second\./)
    assert.match((await heroku(['buildpacks'], repo)).stdout, /=== cli-stacks Classic Buildpack \(from the Heroku Buildpack Registry\)\n\nfile:\/\/.*multi-second\n/)
    const cleared = await heroku(['buildpacks:clear'], repo)
    assert.match(cleared.stdout, /Buildpacks cleared\. Next release on cli-stacks will detect buildpacks normally\./)
    assert.match((await heroku(['buildpacks'], repo)).stdout, /^cli-stacks has no Buildpacks\.$/m)
  })

  it('buildpacks:set heroku/nodejs is the built-in; a Heroku buildpack URL Berth cannot fetch fails the push naming it, and the old release keeps serving', async () => {
    const set = await heroku(['buildpacks:set', 'heroku/nodejs'], repo)
    assert.match(set.stdout, /Buildpack set\. Next release on cli-stacks will use heroku\/nodejs\./)
    await heroku(['buildpacks:set', 'https://github.com/heroku/heroku-buildpack-nodejs'], repo)
    await git(['commit', '-q', '--allow-empty', '-m', 'upstream buildpack'], repo)
    const pushed = await push(repo)
    assert.notEqual(pushed.code, 0)
    assert.match(remoteLines(pushed.stderr).join('\n'),
      /!\s+Could not fetch buildpack https:\/\/github\.com\/heroku\/heroku-buildpack-nodejs: .* Berth has this buildpack built in: use heroku\/nodejs \(`heroku buildpacks:set heroku\/nodejs`\)\./)
    assert.equal((await routerGet(berth.routerUrl, 'cli-stacks.localhost')).body, 'first tool ran; FROM_FIRST=one; SHARED=set by the app\n')
  })
})
