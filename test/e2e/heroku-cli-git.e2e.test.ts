import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git } from '../support/git.js'
import { herokuCli } from '../support/heroku-cli.js'

const KEY = 'berth_e2e_cli_git_key_0123456789ab'

/** The official CLI's git workflow: it writes https remotes and authenticates git through its own helper. */
describe('official heroku CLI: git remote, https push, buildpacks', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof herokuCli>
  let repo: string
  let phased: string
  const heroku = (args: string[], cwd?: string) => cli.ok(args, { cwd })
  const api = async (path: string) => (await apiClient(() => berth.apiUrl, KEY)('GET', path)).body
  const push = (dir: string) => git(['push', 'heroku', 'main'], dir, cli.env({ GIT_SSL_CAINFO: join(berth.dataDir, 'tls', 'ca.crt') }))
  /** What the server said during a push (`remote: …` lines), trimmed. */
  const remoteLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('remote:')).map((l) => l.slice('remote:'.length).trim())
  /** Fails unless `expected` appear in `lines` in this order. */
  const assertInOrder = (lines: string[], expected: string[]) => {
    let at = -1
    for (const line of expected) {
      const next = lines.indexOf(line, at + 1)
      assert.ok(next > at, `expected ${JSON.stringify(line)} after line ${at} in:\n${lines.join('\n')}`)
      at = next
    }
  }


  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY })
    cli = herokuCli(berth.apiUrl, KEY)
    repo = await fixtureRepo('node-basic')
  })
  after(async () => berth.stop())

  it('apps:create inside a repository adds an https remote named heroku', async () => {
    await heroku(['apps:create', 'cli-git'], repo)
    const remote = await git(['remote', 'get-url', 'heroku'], repo)
    assert.equal(remote.stdout.trim(), `https://127.0.0.1:${new URL(berth.apiUrl).port}/cli-git.git`)
  })

  it('git:remote sets the remote for an existing app', async () => {
    const other = await fixtureRepo('node-basic')
    const { stdout } = await heroku(['git:remote', '-a', 'cli-git', '-r', 'production'], other)
    assert.match(stdout, /set git remote production to https:\/\/127\.0\.0\.1:\d+\/cli-git\.git/)
  })

  it('git push heroku main deploys over TLS, authenticated by the CLI credential helper', async () => {
    const pushed = await push(repo)
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.match(pushed.stderr, /Released v3/)
    const sha = (await git(['rev-parse', 'HEAD'], repo)).stdout.trim()
    const { stdout } = await heroku(['releases'], repo)
    assert.match(stdout, /=== cli-git Releases - Current: v3/)
    assert.match(stdout, new RegExp(`v3\\s+Deploy ${sha.slice(0, 8)}`))
    const info = await heroku(['releases:info', 'v3'], repo)
    assert.match(info.stdout, new RegExp(`Change:\\s+Deploy ${sha.slice(0, 8)}`))
    assert.match(info.stdout, /Eligible for Rollback\?:\s+Yes/)
  })

  it('apps:info shows the https git URL the CLI wrote, and the repository and slug sizes', async () => {
    const remote = (await git(['remote', 'get-url', 'heroku'], repo)).stdout.trim()
    const { stdout } = await heroku(['apps:info'], repo)
    assert.ok(stdout.split('\n').some((line) => /^Git URL:\s+/.test(line) && line.endsWith(` ${remote}`)), stdout)
    assert.doesNotMatch(stdout, /Size:\s+0 B/)
    const { app } = JSON.parse((await heroku(['apps:info', '--json'], repo)).stdout)
    const release = await api('/apps/cli-git/releases/3')
    assert.equal(app.slug_size, (await api(`/apps/cli-git/slugs/${release.slug.id}`)).size)
    assert.ok(app.repo_size > 0, `repo_size ${app.repo_size}`)
  })

  it('releases -x shows the slug of each deploy', async () => {
    const { stdout } = await heroku(['releases', '-x'], repo)
    const slug = (await api('/apps/cli-git/releases/3')).slug.id
    assert.match(stdout, new RegExp(`v3\\s+Deploy [0-9a-f]{8}\\s.*\\s${slug}\\s+${slug}\\s*$`, 'm'))
    assert.match(stdout, /^\s*v2\s+Enable Logplex\s.*\)\s*$/m)
  })

  it('a push with a release phase streams its output, then waits for the release, as Heroku does', async () => {
    phased = await fixtureRepo('inspector')
    await heroku(['apps:create', 'cli-phase'], phased)
    const pushed = await push(phased)
    assert.equal(pushed.code, 0, pushed.stderr)
    const lines = remoteLines(pushed.stderr)
    assertInOrder(lines, ['Released v3', 'Running release command...', 'release phase for v3', 'Waiting for release.... done.', 'Verifying deploy... done.'])
  })

  it('a push whose release phase fails says so in its last lines, and the previous release keeps serving', async () => {
    await heroku(['config:set', 'FAIL_RELEASE=1', '-a', 'cli-phase'])
    await git(['commit', '-q', '--allow-empty', '-m', 'again'], phased)
    const pushed = await push(phased)
    // Heroku compat: the push itself succeeds; the code is there for the next release.
    assert.equal(pushed.code, 0, pushed.stderr)
    const lines = remoteLines(pushed.stderr)
    assertInOrder(lines, [
      'Released v5', 'Running release command...', 'release phase for v5', 'migration failed', 'Waiting for release.... failed.',
      '!     Release v5 failed: the release command exited with status 2.',
      '!     The previous release keeps serving. Fix the release command, then push again.',
    ])
    assert.equal(lines.filter(Boolean).at(-1), '!     The previous release keeps serving. Fix the release command, then push again.')
    const { stdout } = await heroku(['releases', '-a', 'cli-phase'])
    assert.match(stdout, /=== cli-phase Releases - Current: v3/)
    assert.match(stdout, /v5\s+Deploy [0-9a-f]{8} release command failed/)
  })

  it('ps:scale without arguments shows the formation the first deploy made', async () => {
    const { stdout } = await heroku(['ps:scale', '-a', 'cli-git'])
    assert.equal(stdout.trim(), 'web=1:Basic')
  })

  it('buildpacks:set and buildpacks show the app buildpack', async () => {
    const set = await heroku(['buildpacks:set', 'heroku/nodejs', '-a', 'cli-git'])
    assert.match(set.stdout + set.stderr, /Buildpack set\. Next release on cli-git will use heroku\/nodejs/)
    const list = await heroku(['buildpacks', '-a', 'cli-git'])
    assert.match(list.stdout, /heroku\/nodejs/)
  })
})
