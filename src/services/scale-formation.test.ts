import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { refused } from '../../test/support/refused.js'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { waitFor } from '../../test/support/wait-for.js'
import { scaleFormation } from './scale-formation.js'
import { updateConfigVars } from './update-config-vars.js'

const PROCFILE = { web: 'node server.js', worker: 'node worker.js', release: 'node migrate.js' }

describe('scaleFormation', () => {
  it('sets quantities and sizes as numbers or +N/-N, and the running dynos follow without a release', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app, PROCFILE)
    const deployed = await rig.latest(app.id)
    const { formation } = await scaleFormation(rig.deps, owner, app.name, [{ type: 'web', quantity: '+2' }, { type: 'worker', quantity: 1, size: 'standard-2x' }])
    assert.deepEqual(formation.map((f) => [f.type, f.quantity, f.size]).sort(), [['release', 0, 'Basic'], ['web', 3, 'Basic'], ['worker', 1, 'Standard-2X']])
    assert.deepEqual(rig.running(app.id), ['web.1', 'web.2', 'web.3', 'worker.1'])
    assert.equal(rig.scheduler.list(app.id).find((d) => d.name === 'worker.1')!.size, 'Standard-2X')
    assert.ok(rig.messages(app.id).includes(`api: Scaled to web@3:Basic worker@1:Standard-2X by user ${owner.email}`))
    assert.equal((await rig.latest(app.id)).version, deployed.version, 'scaling is not a release')

    await scaleFormation(rig.deps, owner, app.name, [{ type: 'web', quantity: '-2', size: 'performance-l' }, { type: 'worker', quantity: '0' }])
    await waitFor(() => rig.running(app.id).join() === 'web.1', { what: 'the scaled-down dynos to stop' })
    assert.deepEqual((await rig.store.listFormation(app.id)).map((f) => [f.type, f.quantity, f.size]).sort(),
      [['release', 0, 'Basic'], ['web', 1, 'Performance-L'], ['worker', 0, 'Standard-2X']])
  })

  it('refuses quantities out of 0..100 or not numbers, unknown sizes and the release type, changing nothing', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app, PROCFILE)
    const before = await rig.store.listFormation(app.id)
    const invalid = (message: RegExp) => refused('invalid_params', message)
    const scale = (quantity: unknown, size?: unknown) => scaleFormation(rig.deps, owner, app.name, [{ type: 'worker', quantity: 2 }, { type: 'web', quantity, size }])
    await assert.rejects(scale(101), invalid(/^Quantity must be between 0 and 100\.$/))
    await assert.rejects(scale('-2'), invalid(/^Quantity must be between 0 and 100\.$/))
    await assert.rejects(scale('+100'), invalid(/^Quantity must be between 0 and 100\.$/))
    for (const quantity of [1.5, 'two', '', null, true, ['1']]) await assert.rejects(scale(quantity), invalid(/^Invalid quantity .*: use a number, or \+N \/ -N\.$/))
    await assert.rejects(scale(undefined, 'Huge'), invalid(/^Unknown dyno size "Huge"\. Sizes: Eco, Basic, Standard-1X/))
    for (const size of ['Private-M', 'shield-l']) await assert.rejects(scale(undefined, size), invalid(new RegExp(`^${size} dynos run only in a Private Space, which Berth does not have\\.`)))
    await assert.rejects(scaleFormation(rig.deps, owner, app.name, [{ type: 'release', quantity: 1 }]), invalid(/release process type runs once per release/))
    assert.deepEqual(await rig.store.listFormation(app.id), before)
    assert.deepEqual(rig.running(app.id), ['web.1'])
  })

  it("answers an unknown process type, or any before the first deploy, with Heroku's not_found", async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    // A config release has no slug, so there is no process type yet.
    await updateConfigVars(rig.deps, owner, app.name, { A: '1' })
    const unknown = (type: string) => refused('not_found', new RegExp(`^Couldn't find that process type \\(${type}\\)\\.$`))
    await assert.rejects(scaleFormation(rig.deps, owner, app.name, [{ type: 'web', quantity: 1 }]), unknown('web'))
    await rig.deploy(owner, app)
    await assert.rejects(scaleFormation(rig.deps, owner, app.name, [{ type: 'clock', quantity: 1 }]), unknown('clock'))
    assert.deepEqual(rig.running(app.id), ['web.1'])
  })

  it('is refused to strangers as if the app did not exist', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app)
    await assert.rejects(scaleFormation(rig.deps, await rig.account(), app.name, [{ type: 'web', quantity: 5 }]), refused('not_found', /app/i))
    assert.equal((await rig.store.listFormation(app.id)).find((f) => f.type === 'web')!.quantity, 1)
  })
})
