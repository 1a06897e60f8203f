import assert from 'node:assert/strict'
import { describe, it, type TestContext } from 'node:test'
import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { ScriptedBuilder } from '../../test/support/scripted-builder.js'
import { openSqliteServiceRig } from '../../test/support/sqlite-service-rig.js'
import { deployCommit } from './deploy-commit.js'
import type { ServiceDeps } from './service-deps.js'

const PROCFILE = { web: 'node server.js', release: 'node migrate.js' }

async function open(t: TestContext) {
  const builder = new ScriptedBuilder({ processTypes: PROCFILE })
  // The release phase prints a line, and fails when its command says so.
  const program = (spec: { type: string; command: string }) => (spec.type === 'release' ? { lines: ['migrating 3 tables'], exitCode: spec.command.endsWith('--fail') ? 1 : 0 } : {})
  return { builder, rig: await openSqliteServiceRig(t, { builder, program }) }
}

/** A push of `commit` as the git edge runs it, with what the pusher would see. */
async function push(deps: ServiceDeps, caller: Account, app: App, commit: string) {
  const lines: string[] = []
  const outcome = await deployCommit(deps, caller, {
    app, gitDir: '/repos/demo.git', commit, commitMessage: 'Add migrations', gitEnv: { GIT_QUARANTINE_PATH: '/q' }, webUrl: 'https://demo.localhost/', onLine: (l) => lines.push(l),
  })
  return { ...outcome, lines }
}

describe('deployCommit', () => {
  it('builds the pushed commit and shows its release phase to the pusher as Heroku does', async (t) => {
    const { rig, builder } = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const { build, release, lines } = await push(rig.deps, owner, app, 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00')
    assert.deepEqual(builder.requests[0]!.source, { kind: 'git', gitDir: '/repos/demo.git', commit: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00', gitEnv: { GIT_QUARANTINE_PATH: '/q' } })
    assert.deepEqual([build.status, build.sourceVersion, build.sourceDescription, build.sourceUrl], ['succeeded', 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00', 'Add migrations', null])
    assert.deepEqual([release?.description, release?.current, build.releaseId], ['Deploy c0ffee00', true, release?.id])
    assert.deepEqual(lines.slice(lines.indexOf('-----> Launching...')), [
      '-----> Launching...',
      ' !     Release command declared: this new release will not be available until the command succeeds.',
      `       Released v${release!.version}`,
      '       https://demo.localhost/ deployed to Berth',
      'Running release command...',
      '',
      'migrating 3 tables',
      'Waiting for release.... done.',
      'Verifying deploy... done.',
    ])
  })

  it('reports a failed release phase, leaving the previous release serving, while the build itself succeeded', async (t) => {
    const { rig, builder } = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const serving = (await push(rig.deps, owner, app, 'a'.repeat(40))).release!
    builder.script = { processTypes: { ...PROCFILE, release: 'node migrate.js --fail' } }
    const { build, release, lines } = await push(rig.deps, owner, app, 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef')
    assert.deepEqual([build.status, release?.status, release?.current], ['succeeded', 'failed', false])
    const tail = lines.slice(lines.indexOf('Waiting for release.... failed.'))
    assert.equal(tail.length, 3, lines.join('\n'))
    assert.match(tail[1]!, new RegExp(`^ !     Release v${release!.version} failed: .*\\.$`))
    assert.equal(tail[2], ' !     The previous release keeps serving. Fix the release command, then push again.')
    assert.deepEqual(rig.running(app.id), ['web.1'])
    assert.equal(rig.scheduler.list(app.id)[0]!.releaseVersion, serving.version)
    assert.equal((await rig.store.findApp(app.id))!.currentReleaseId, serving.id)
  })

  it('collects the slugs of releases past retention once a build is live', async (t) => {
    const { rig } = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const deps = { ...rig.deps, limits: { ...rig.deps.limits, keepReleases: 1 } }
    const first = await push(deps, owner, app, 'a'.repeat(40))
    const second = await push(deps, owner, app, 'b'.repeat(40))
    const statuses = async () => Promise.all([first, second].map(async (p) => (await rig.store.getRelease(app.id, { kind: 'id', id: p.release!.id }))!.status))
    assert.deepEqual(await statuses(), ['expired', 'succeeded'])
    assert.equal((await rig.store.getSlug(app.id, first.build.slugId!))!.deletedAt !== null, true)
  })
})
