import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { FIXTURE_BUILDPACKS, fixtureRepo, git, remoteUrl } from '../support/git.js'
import { waitFor } from '../support/wait-for.js'

// git moves a pushed ref only if the pre-receive hook exits 0. A server that dies mid-build must
// therefore leave the ref where it was: otherwise the code is "pushed" with no release, and the next
// push of the same commit says "Everything up-to-date" and deploys nothing.

const KEY = 'berth_e2e_push_killed_key_0123456789'

describe('a push whose server is killed mid-build', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-push-killed-'))
  const env = { BERTH_ADMIN_API_KEY: KEY, BERTH_BUILDPACK_PATHS: FIXTURE_BUILDPACKS }
  let berth: BerthProcess | null = null
  let push: ChildProcess | null = null
  const api = apiClient(() => berth!.apiUrl, KEY)
  const remote = () => remoteUrl(berth!.apiUrl, 'killed-push', KEY)
  const serverRef = async (dir: string) => (await git(['ls-remote', remote(), 'refs/heads/main'], dir)).stdout.split('\t')[0]

  before(async () => { berth = await startBerthProcess(env, { dataDir }) })
  after(async () => {
    push?.kill('SIGKILL')
    await berth?.stop()
  })

  it('is refused, the branch does not move, and after a restart the same commit builds and releases', async () => {
    assert.equal((await api('POST', '/apps', { name: 'killed-push' })).status, 201)
    await api('PUT', '/apps/killed-push/buildpack-installations', { updates: [{ buildpack: join(FIXTURE_BUILDPACKS, 'slow') }] })
    const dir = await fixtureRepo('slow-build')
    const first = await git(['push', remote(), 'main'], dir)
    assert.equal(first.code, 0, first.stderr)
    const released = (await git(['rev-parse', 'HEAD'], dir)).stdout.trim()

    await api('PATCH', '/apps/killed-push/config-vars', { BUILD_SLEEP: '120' })
    appendFileSync(join(dir, 'server.js'), '// second\n')
    await git(['commit', '-q', '-am', 'second'], dir)
    const second = (await git(['rev-parse', 'HEAD'], dir)).stdout.trim()
    push = spawn('git', ['push', remote(), 'main'], { cwd: dir, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })
    let output = ''
    push.stderr!.on('data', (chunk) => { output += chunk })
    const pushed = new Promise<number>((resolve) => push!.on('close', (code) => resolve(code ?? -1)))
    await waitFor(() => output.includes('sleeping 120s'), { timeoutMs: 60_000, what: 'the build to start compiling' })

    await berth!.kill()
    assert.notEqual(await pushed, 0, `the push must fail:\n${output}`)
    berth = await startBerthProcess(env, { dataDir })
    assert.equal(await serverRef(dir), released, 'the branch stayed at the released commit')
    const builds = (await api('GET', '/apps/killed-push/builds')).body as { id: string; status: string; source_blob: { version: string } }[]
    const killed = builds.find((b) => b.source_blob.version === second)!
    assert.equal(killed.status, 'failed', 'the interrupted build is failed at start, not left pending')
    assert.match(String((await api('GET', `/apps/killed-push/builds/${killed.id}/output`)).body), /the server stopped during this build/)

    await api('PATCH', '/apps/killed-push/config-vars', { BUILD_SLEEP: null })
    const again = await git(['push', remote(), 'main'], dir)
    assert.equal(again.code, 0, again.stderr)
    assert.doesNotMatch(again.stderr, /Everything up-to-date/)
    assert.match(again.stderr, /Released v\d+/)
    assert.equal(await serverRef(dir), second)
    const current = ((await api('GET', '/apps/killed-push/releases')).body as { current: boolean; description: string }[]).find((r) => r.current)
    assert.equal(current?.description, `Deploy ${second.slice(0, 8)}`)
  })
})
