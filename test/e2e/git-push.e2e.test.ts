import assert from 'node:assert/strict'
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { FIXTURE_BUILDPACKS, fixtureRepo, git, remoteUrl } from '../support/git.js'
import { routerGet } from '../support/router-client.js'

const KEY = 'berth_e2e_git_admin_key_0123456789'

describe('git push deploys', () => {
  let berth: BerthProcess
  const api = apiClient(() => berth.apiUrl, KEY)

  const createApp = async (name: string) => assert.equal((await api('POST', '/apps', { name })).status, 201)
  const releases = async (app: string) => (await api('GET', `/apps/${app}/releases`)).body as any[]
  const push = (dir: string, app: string, ...args: string[]) => git(['push', remoteUrl(berth.apiUrl, app, KEY), ...args], dir)
  const head = async (dir: string, rev = 'HEAD') => (await git(['rev-parse', rev], dir)).stdout.trim()
  const commit = async (dir: string, message: string, file = 'server.js') => {
    appendFileSync(join(dir, file), `\n// ${message}\n`)
    await git(['commit', '-q', '-am', message], dir)
  }

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_BUILDPACK_PATHS: FIXTURE_BUILDPACKS, BERTH_MAX_SOURCE_SIZE: '20' })
  })
  after(async () => berth.stop())

  it('builds a Node app on push and releases it as Deploy <sha8>, streaming the build', async () => {
    await createApp('node-basic')
    const dir = await fixtureRepo('node-basic')
    const pushed = await push(dir, 'node-basic', 'main')
    assert.equal(pushed.code, 0, pushed.stderr)
    const lines = pushed.stderr.split('\n').map((l) => l.replace(/^remote: ?/, '').trimEnd())
    for (const expected of ['-----> Building on the Berth stack', '-----> Node.js app detected', '-----> Discovering process types',
      '       Default types for buildpack -> web', '-----> Compressing...', '-----> Launching...', '       Released v3',
      `       http://node-basic.localhost:${new URL(berth.routerUrl).port}/ deployed to Berth`, 'Verifying deploy... done.']) {
      assert.ok(lines.includes(expected), `missing ${JSON.stringify(expected)} in:\n${pushed.stderr}`)
    }
    assert.ok(lines.some((l) => /^ {7}Done: \d+(\.\d)?[BKM]$/.test(l)))
    const served = await routerGet(berth.routerUrl, 'node-basic.localhost')
    assert.deepEqual([served.status, served.body], [200, 'hello from v1 (web.1)\n'])
    const sha = await head(dir)
    const [v3] = await releases('node-basic').then((r) => r.filter((x) => x.version === 3))
    assert.equal(v3.description, `Deploy ${sha.slice(0, 8)}`)
    assert.equal(v3.current, true)
    const slug = await api('GET', `/apps/node-basic/slugs/${v3.slug.id}`)
    assert.deepEqual([slug.body.commit, slug.body.process_types, slug.body.commit_description], [sha, { web: 'npm start' }, 'node-basic v1'])
    assert.match(slug.body.checksum, /^SHA256:[0-9a-f]{64}$/)
    const builds = await api('GET', '/apps/node-basic/builds')
    assert.deepEqual(builds.body.map((b: any) => [b.status, b.source_blob.version, b.release?.id]), [['succeeded', sha, v3.id]])
    const formation = await api('GET', '/apps/node-basic/formation')
    assert.deepEqual(formation.body.map((f: any) => [f.type, f.quantity, f.size, f.command]), [['web', 1, 'Basic', 'npm start']])
  })

  it('deploys each new push, and a force-push of an older commit deploys that commit', async () => {
    const dir = await fixtureRepo('node-basic')
    await createApp('pushes')
    assert.equal((await push(dir, 'pushes', 'main')).code, 0)
    const first = await head(dir)
    await commit(dir, 'second')
    const again = await push(dir, 'pushes', 'main')
    assert.match(again.stderr, /Released v4/)
    const forced = await push(dir, 'pushes', '--force', `${first}:main`)
    assert.equal(forced.code, 0, forced.stderr)
    assert.match(forced.stderr, /Released v5/)
    const latest = (await releases('pushes')).at(-1)
    assert.equal(latest.description, `Deploy ${first.slice(0, 8)}`)
    const remote = await git(['ls-remote', remoteUrl(berth.apiUrl, 'pushes', KEY), 'refs/heads/main'], dir)
    assert.equal(remote.stdout.split('\t')[0], first)
  })

  it('accepts other branches without building', async () => {
    const dir = await fixtureRepo('node-basic')
    await createApp('branches')
    const pushed = await push(dir, 'branches', 'main:feature')
    assert.equal(pushed.code, 0)
    assert.match(pushed.stderr, /Pushed to non-main branch, skipping build/)
    assert.equal((await releases('branches')).length, 2)
  })

  it('rejects the push when the build fails, keeping the previous ref and creating no release', async () => {
    const dir = await fixtureRepo('node-basic')
    await createApp('fails')
    await push(dir, 'fails', 'main')
    const good = await head(dir)
    writeFileSync(join(dir, 'package.json'), readFileSync(new URL('../fixtures/apps/build-fails/package.json', import.meta.url)))
    await git(['commit', '-q', '-am', 'break the build'], dir)
    const pushed = await push(dir, 'fails', 'main')
    assert.notEqual(pushed.code, 0)
    assert.match(pushed.stderr, /error: this build always fails/)
    assert.match(pushed.stderr, /! \[remote rejected\] main -> main \(pre-receive hook declined\)/)
    assert.match(pushed.stderr, /Push rejected, failed to compile app/)
    const remote = await git(['ls-remote', remoteUrl(berth.apiUrl, 'fails', KEY), 'refs/heads/main'], dir)
    assert.equal(remote.stdout.split('\t')[0], good)
    assert.equal((await releases('fails')).length, 3)
    const builds = (await api('GET', '/apps/fails/builds')).body
    assert.deepEqual(builds.map((b: any) => b.status).sort(), ['failed', 'succeeded'])
  })

  it('installs a real dependency, prunes devDependencies, and reuses node_modules when the lockfile is unchanged', async () => {
    const dir = await fixtureRepo('node-dep')
    await createApp('node-dep')
    const first = await push(dir, 'node-dep', 'main')
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stderr, /npm ci --prefer-offline/)
    assert.match(first.stderr, /Pruning devDependencies/)
    await commit(dir, 'code only')
    const second = await push(dir, 'node-dep', 'main')
    assert.equal(second.code, 0, second.stderr)
    assert.match(second.stderr, /package-lock.json unchanged: reusing node_modules/)
    assert.doesNotMatch(second.stderr, /npm ci/)
  })

  it('builds Procfile-only apps and custom buildpacks from the classic buildpack API', async () => {
    const shell = await fixtureRepo('procfile-shell')
    await createApp('shell-app')
    const pushed = await push(shell, 'shell-app', 'main')
    assert.match(pushed.stderr, /Procfile app detected/)
    assert.match(pushed.stderr, /Procfile declares types -> web, worker/)
    const formation = (await api('GET', '/apps/shell-app/formation')).body
    assert.deepEqual(formation.map((f: any) => [f.type, f.quantity]), [['web', 1], ['worker', 0]])
    assert.equal((await api('GET', '/apps/shell-app/formation/worker')).body.command, "sh -c 'while true; do echo tick; sleep 5; done'")

    const custom = await fixtureRepo('custom-buildpack')
    await createApp('custom-bp')
    const set = await api('PUT', '/apps/custom-bp/buildpack-installations', { updates: [{ buildpack: join(FIXTURE_BUILDPACKS, 'hello') }] })
    assert.equal(set.status, 200)
    await api('PATCH', '/apps/custom-bp/config-vars', { GREETING: 'ahoy' })
    const built = await push(custom, 'custom-bp', 'main')
    assert.equal(built.code, 0, built.stderr)
    assert.match(built.stderr, /Hello app detected/)
    assert.match(built.stderr, /build number 1 \(from the cache\)/)
    assert.match(built.stderr, /greeting from ENV_DIR: ahoy/)
    await commit(custom, 'again', 'hello.txt')
    assert.match((await push(custom, 'custom-bp', 'main')).stderr, /build number 2 \(from the cache\)/)
    const slugId = (await releases('custom-bp')).at(-1).slug.id
    assert.deepEqual((await api('GET', `/apps/custom-bp/slugs/${slugId}`)).body.process_types, { web: 'cat HELLO.txt' })
  })

  it('takes a buildpack from BUILDPACK_URL, and from a git URL', async () => {
    // The buildpack itself is served by Berth's own git endpoint, pushed to a branch that does not build.
    await createApp('bp-repo')
    const bpRepo = mkdtempSync(join(tmpdir(), 'berth-bp-repo-'))
    cpSync(join(FIXTURE_BUILDPACKS, 'hello'), bpRepo, { recursive: true })
    await git(['init', '-q', '-b', 'buildpack'], bpRepo)
    await git(['add', '-A'], bpRepo)
    await git(['commit', '-q', '-m', 'buildpack'], bpRepo)
    assert.equal((await push(bpRepo, 'bp-repo', 'buildpack')).code, 0)
    const gitUrl = `${remoteUrl(berth.apiUrl, 'bp-repo', KEY)}#buildpack`

    const dir = await fixtureRepo('custom-buildpack')
    await createApp('via-config')
    await api('PATCH', '/apps/via-config/config-vars', { BUILDPACK_URL: gitUrl })
    const built = await push(dir, 'via-config', 'main')
    assert.equal(built.code, 0, built.stderr)
    assert.match(built.stderr, /Hello app detected/)
  })

  it('refuses buildpacks from paths the operator did not allow', async () => {
    const dir = await fixtureRepo('custom-buildpack')
    await createApp('sneaky-bp')
    await api('PUT', '/apps/sneaky-bp/buildpack-installations', { updates: [{ buildpack: berth.dataDir }] })
    const pushed = await push(dir, 'sneaky-bp', 'main')
    assert.notEqual(pushed.code, 0)
    assert.match(pushed.stderr, /not under a directory the operator allows/)
  })

  it('says clearly when no buildpack detects the app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-empty-'))
    writeFileSync(join(dir, 'README'), 'nothing to run\n')
    await git(['init', '-q', '-b', 'main'], dir)
    await git(['add', '-A'], dir)
    await git(['commit', '-q', '-m', 'empty'], dir)
    await createApp('undetected')
    const pushed = await push(dir, 'undetected', 'main')
    assert.notEqual(pushed.code, 0)
    assert.match(pushed.stderr, /No default language could be detected for this app/)
    // Every built-in names what it looks for, in detection order.
    assert.match(pushed.stderr, /package\.json \(Node\.js\), requirements\.txt.*\(Python\), pom\.xml.*\(Java.*\), go\.mod \(Go\), index\.html or static\.json.* and Procfile/)
  })

  it('keeps builds away from the data dir', async () => {
    const dir = await fixtureRepo('snoop-data-dir')
    await createApp('snoop')
    const targets = [join(berth.dataDir, 'secret.key'), join(berth.dataDir, 'berth.db'), join(berth.dataDir, 'tls', 'ca.key')]
    await api('PATCH', '/apps/snoop/config-vars', { SNOOP_PATHS: targets.join(':') })
    const pushed = await push(dir, 'snoop', 'main')
    assert.equal(pushed.code, 0, pushed.stderr)
    for (const target of targets) assert.match(pushed.stderr, new RegExp(`SNOOP: blocked ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    assert.doesNotMatch(pushed.stderr, /SNOOP: read/)
    assert.doesNotMatch(pushed.stderr, /SNOOP: uid 0\b/, 'builds must not run as root')
  })

  it('runs two concurrent pushes one after the other: one deploys, the racing one is told to fetch, nothing is corrupted', async () => {
    const origin = await fixtureRepo('node-basic')
    await createApp('racing')
    await push(origin, 'racing', 'main')
    const clones = await Promise.all(['a', 'b'].map(async (name) => {
      const dir = mkdtempSync(join(tmpdir(), `berth-race-${name}-`))
      await git(['clone', '-q', remoteUrl(berth.apiUrl, 'racing', KEY), dir], tmpdir())
      writeFileSync(join(dir, `${name}.txt`), `change ${name}\n`)
      await git(['add', '-A'], dir)
      await git(['commit', '-q', '-m', `change ${name}`], dir)
      return dir
    }))
    const results = await Promise.all(clones.map((dir) => push(dir, 'racing', 'main')))
    const winners = results.filter((r) => r.code === 0)
    const losers = results.filter((r) => r.code !== 0)
    assert.equal(winners.length, 1, results.map((r) => r.stderr).join('\n---\n'))
    assert.match(losers[0]!.stderr, /main moved while this push waited/)
    const versions = (await releases('racing')).map((r) => r.version)
    assert.deepEqual(versions, [1, 2, 3, 4])
    const loser = clones[results.indexOf(losers[0]!)]!
    await git(['pull', '-q', '--no-rebase', '--no-edit', remoteUrl(berth.apiUrl, 'racing', KEY), 'main'], loser)
    const retried = await push(loser, 'racing', 'main')
    assert.equal(retried.code, 0, retried.stderr)
    const merged = await head(loser)
    assert.equal((await releases('racing')).at(-1).description, `Deploy ${merged.slice(0, 8)}`)
    assert.match(retried.stderr, /Released v5/)
  })

  it('lets only members clone and push, with the API token as the password', async () => {
    const dir = await fixtureRepo('node-basic')
    await createApp('members-only')
    await push(dir, 'members-only', 'main')
    const outsider = (await api('POST', '/berth/accounts', { email: 'outsider@example.com' })).body.api_key
    const target = mkdtempSync(join(tmpdir(), 'berth-clone-'))
    const cloned = await git(['clone', '-q', remoteUrl(berth.apiUrl, 'members-only', KEY), join(target, 'ok')], target)
    assert.equal(cloned.code, 0, cloned.stderr)
    const denied = await git(['clone', '-q', remoteUrl(berth.apiUrl, 'members-only', outsider), join(target, 'no')], target)
    assert.notEqual(denied.code, 0)
    assert.match(denied.stderr, /Couldn't find that app\.[\s\S]*not found/)
    const wrong = await git(['clone', '-q', remoteUrl(berth.apiUrl, 'members-only', 'not-a-token'), join(target, 'bad')], target)
    assert.match(wrong.stderr, /Authentication failed/)
    const pushDenied = await git(['push', remoteUrl(berth.apiUrl, 'members-only', outsider), 'main'], dir)
    assert.notEqual(pushDenied.code, 0)
  })

  it('refuses a push that would make the repository larger than the limit', async () => {
    const dir = await fixtureRepo('node-basic')
    await createApp('too-big')
    writeFileSync(join(dir, 'noise.bin'), randomBytes(21 * 1024 * 1024))
    await git(['add', '-A'], dir)
    await git(['commit', '-q', '-m', 'noise'], dir)
    const pushed = await push(dir, 'too-big', 'main')
    assert.notEqual(pushed.code, 0)
    assert.match(pushed.stderr, /The repository would be [\d.]+M, over the 20\.0M limit/)
    assert.equal((await releases('too-big')).length, 2)
  })

  it('destroying an app removes its repository, build cache and slug archives', async () => {
    const dir = await fixtureRepo('node-basic')
    await createApp('doomed')
    await push(dir, 'doomed', 'main')
    const { id } = (await api('GET', '/apps/doomed')).body
    const slugId = (await releases('doomed')).at(-1).slug.id
    const slugFile = join(berth.dataDir, 'blobs', 'slugs', `${slugId}.tgz`)
    assert.equal(existsSync(slugFile), true)
    assert.equal(existsSync(join(berth.dataDir, 'repos', `${id}.git`)), true)
    assert.equal((await api('DELETE', '/apps/doomed')).status, 200)
    assert.equal(existsSync(slugFile), false)
    assert.equal(existsSync(join(berth.dataDir, 'repos', `${id}.git`)), false)
  })

  it('pushes over TLS on the API port when the local CA is trusted', async () => {
    const dir = await fixtureRepo('node-basic')
    await createApp('over-tls')
    const https = remoteUrl(berth.apiUrl.replace('http://', 'https://'), 'over-tls', KEY)
    const untrusted = await git(['push', https, 'main'], dir)
    assert.notEqual(untrusted.code, 0, 'an untrusted certificate must be refused')
    const pushed = await git(['push', https, 'main'], dir, { GIT_SSL_CAINFO: join(berth.dataDir, 'tls', 'ca.crt') })
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.match(pushed.stderr, /Released v3/)
  })
})
