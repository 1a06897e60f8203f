import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { refused } from '../../test/support/refused.js'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { waitFor } from '../../test/support/wait-for.js'
import { restartDynos } from './restart-dynos.js'
import { scaleFormation } from './scale-formation.js'
import { stopDynos } from './stop-dynos.js'

const PROCFILE = { web: 'node server.js', worker: 'node worker.js' }

describe('restartDynos', () => {
  it('replaces a whole type with a new generation of the same release, leaving the other types alone', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app, PROCFILE)
    await scaleFormation(rig.deps, owner, app.name, [{ type: 'web', quantity: 2 }, { type: 'worker', quantity: 1 }])
    const before = rig.scheduler.list(app.id)
    const release = await rig.latest(app.id)
    await restartDynos(rig.deps, owner, app.name, { type: 'web' })
    assert.ok(rig.messages(app.id).includes(`api: Restart web by user ${owner.email}`))
    await waitFor(() => rig.running(app.id).length === 3, { what: 'the replaced web dynos to stop' })
    const after = rig.scheduler.list(app.id).filter((d) => d.state === 'up')
    const webGenerations = (dynos: typeof after) => dynos.filter((d) => d.type === 'web').map((d) => d.generation)
    assert.deepEqual(webGenerations(after), webGenerations(before).map((g) => g + 1))
    assert.ok(after.every((d) => d.releaseVersion === release.version))
    assert.equal(after.find((d) => d.type === 'worker')!.id, before.find((d) => d.type === 'worker')!.id)
    assert.equal((await rig.latest(app.id)).version, release.version, 'a restart is not a release')
  })

  it('restarts one dyno in place', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app)
    const [dyno] = rig.scheduler.list(app.id)
    const started = rig.scheduler.inspect(dyno!.id)!.startedAt
    await restartDynos(rig.deps, owner, app.name, { name: 'web.1' })
    assert.ok(rig.messages(app.id).includes(`api: Restart web.1 by user ${owner.email}`))
    assert.ok(rig.messages(app.id).includes('web.1: Restarting'))
    await waitFor(() => rig.scheduler.list(app.id).find((d) => d.id === dyno!.id)?.state === 'up', { what: 'web.1 to come back' })
    assert.ok(rig.scheduler.inspect(dyno!.id)!.startedAt > started)
  })

  it('refuses a dyno or type that is not running with not_found', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app, PROCFILE)
    for (const match of [{ name: 'web.2' }, { type: 'worker' }, { type: 'clock' }]) {
      await assert.rejects(restartDynos(rig.deps, owner, app.name, match), refused('not_found', /dyno/i))
      await assert.rejects(stopDynos(rig.deps, owner, app.name, match), refused('not_found', /dyno/i))
    }
    assert.ok(!rig.messages(app.id).some((m) => m.includes('Restarting') || m.startsWith('api: Restart') || m.startsWith('api: Stop')))
  })

  it('answers unavailable when the restarted dynos do not come up, and the running ones keep serving', async (t) => {
    // The first generation boots; every later one crashes at boot.
    const rig = await open(t, { program: (spec) => ((spec.generation ?? 0) > 1 ? { exitAtBoot: 1 } : {}) })
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app)
    const [serving] = rig.scheduler.list(app.id)
    await assert.rejects(restartDynos(rig.deps, owner, app.name, {}),
      refused('unavailable', /^The restarted dynos did not come up \(.*status 1\); the dynos that were running keep serving\. See the app's logs\.$/))
    await waitFor(() => rig.scheduler.list(app.id).length === 1, { what: 'the crashed dynos to go' })
    assert.deepEqual(rig.scheduler.list(app.id).map((d) => [d.id, d.state]), [[serving!.id, 'up']])
  })

  it('is refused to strangers as if the app did not exist', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app)
    const stranger = await rig.account()
    await assert.rejects(restartDynos(rig.deps, stranger, app.name, {}), refused('not_found', /app/i))
    await assert.rejects(stopDynos(rig.deps, stranger, app.name, { name: 'web.1' }), refused('not_found', /app/i))
    assert.ok(!rig.messages(app.id).some((m) => m.includes('Restarting') || m.includes('SIGTERM')))
  })
})

describe('stopDynos', () => {
  it('stops the dyno, which Heroku starts again while its type is scaled', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app, PROCFILE)
    await scaleFormation(rig.deps, owner, app.name, [{ type: 'worker', quantity: 2 }])
    await stopDynos(rig.deps, owner, app.name, { type: 'worker' })
    const messages = rig.messages(app.id)
    assert.ok(messages.includes(`api: Stop worker by user ${owner.email}`))
    for (const name of ['worker.1', 'worker.2']) assert.ok(messages.includes(`${name}: Stopping all processes with SIGTERM`), name)
    assert.ok(!messages.includes('web.1: Stopping all processes with SIGTERM'))
    await waitFor(() => rig.running(app.id).join() === 'web.1,worker.1,worker.2', { what: 'the workers to start again' })
  })
})
