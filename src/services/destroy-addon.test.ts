import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { effectiveConfigVars } from '../core/releases/release.js'
import { refused } from '../../test/support/refused.js'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { waitFor } from '../../test/support/wait-for.js'
import { addCollaborator } from './add-collaborator.js'
import { createAddon } from './create-addon.js'
import { destroyAddon } from './destroy-addon.js'
import { getAddon } from './get-addon.js'
import { resolveAddons } from './resolve-addons.js'
import { sweepDetachedAddons } from './sweep-detached-addons.js'
import { updateConfigVars } from './update-config-vars.js'

describe('destroyAddon', () => {
  it('detaches with a live release without its variables, then removes it from the provider', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app)
    await updateConfigVars(rig.deps, owner, app.name, { MINE: '1' })
    const kept = await createAddon(rig.deps, owner, app.name, { plan: 'berth-redis', config: {} })
    const doomed = await createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: {} })
    const provider = rig.providers.get('berth-postgresql')!
    const attached = await rig.latest(app.id)

    // By attachment name, as `addons:destroy DATABASE` does.
    const { addon, gone } = await destroyAddon(rig.deps, owner, app.name, 'database', app.name)
    assert.deepEqual([addon.id, gone], [doomed.id, true])
    const release = await rig.latest(app.id)
    assert.deepEqual([release.version, release.description, release.status, release.current], [attached.version + 1, `Detach DATABASE (@ref:${doomed.name})`, 'succeeded', true])
    assert.equal(release.actor.email, 'berth-postgresql@addons.berth.local')
    assert.equal(release.slugId, attached.slugId)
    assert.deepEqual(Object.keys(effectiveConfigVars(release)).sort(), ['MINE', 'REDIS_KEY_PREFIX', 'REDIS_URL'])
    assert.deepEqual(release.addonPlanNames, [`berth-redis:${kept.plan}`])
    assert.deepEqual(provider.leftovers(doomed.providerId), [])
    assert.deepEqual((await rig.store.listAddons({ appId: app.id })).map((a) => a.name), [kept.name])
    assert.ok(rig.messages(app.id).includes(`api: Destroyed ${doomed.name} by user ${owner.email}`))
    // The dynos that run now no longer see the database.
    await waitFor(() => rig.running(app.id).join() === 'web.1', { what: 'the replaced dynos to stop' })
    const [dyno] = rig.scheduler.list(app.id).filter((d) => d.state === 'up')
    assert.equal(dyno!.releaseVersion, release.version)
    assert.equal(rig.scheduler.inspect(dyno!.id)!.env.DATABASE_URL, undefined)
  })

  it('keeps a detached add-on for the sweep while its provider is down, and removes it once it is back', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const addon = await createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: {} })
    const provider = rig.providers.get('berth-postgresql')!
    provider.reachable = false
    const first = await destroyAddon(rig.deps, owner, app.name, addon.name)
    assert.deepEqual([first.gone, first.addon.state], [false, 'deprovisioning'])
    // The app lost the variables at once, even though the resource is still there.
    assert.equal(effectiveConfigVars(await rig.latest(app.id)).DATABASE_URL, undefined)
    assert.equal(provider.leftovers(addon.providerId).length, 2)
    assert.ok(rig.messages(app.id).some((m) => m.startsWith(`api: Removing ${addon.name} failed, will retry: berth-postgresql could not deprovision`)))
    assert.deepEqual(await sweepDetachedAddons(rig.deps), { removed: [], pending: [addon.name] })
    provider.reachable = true
    assert.deepEqual(await sweepDetachedAddons(rig.deps), { removed: [addon.name], pending: [] })
    assert.deepEqual(provider.leftovers(addon.providerId), [])
    assert.deepEqual(await rig.store.listAddons({}), [])
  })

  it('retries the removal when destroyed again, without another release', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const addon = await createAddon(rig.deps, owner, app.name, { plan: 'berth-redis', config: {} })
    rig.providers.get('berth-redis')!.reachable = false
    await destroyAddon(rig.deps, owner, app.name, addon.name)
    const detached = await rig.latest(app.id)
    rig.providers.get('berth-redis')!.reachable = true
    assert.equal((await destroyAddon(rig.deps, owner, app.name, addon.name)).gone, true)
    assert.equal((await rig.latest(app.id)).version, detached.version)
    assert.deepEqual(await rig.store.listAddons({}), [])
  })

  it("refuses a confirmation that is not the app's name, and an add-on the app does not have", async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const other = await rig.app(owner)
    const addon = await createAddon(rig.deps, owner, app.name, { plan: 'berth-redis', config: {} })
    const before = await rig.latest(app.id)
    await assert.rejects(destroyAddon(rig.deps, owner, app.name, addon.name, other.name), refused('confirmation_required', new RegExp(`Confirm with the app's name, ${app.name}`)))
    await assert.rejects(destroyAddon(rig.deps, owner, other.name, addon.name, other.name), refused('not_found'))
    assert.equal((await rig.latest(app.id)).version, before.version)
    assert.deepEqual(rig.providers.get('berth-redis')!.calls, [`provision ${addon.id}`])
  })
})

describe('add-on access', () => {
  it('lets a collaborator see and destroy add-ons, and tells a stranger they do not exist', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const collaborator = await rig.account()
    const stranger = await rig.account()
    const app = await rig.app(owner)
    await addCollaborator(rig.deps, owner, app.name, collaborator.email)
    const addon = await createAddon(rig.deps, collaborator, app.name, { plan: 'berth-redis', config: {} })
    const notFound = refused('not_found')
    await assert.rejects(getAddon(rig.deps, stranger, null, addon.name), notFound)
    await assert.rejects(getAddon(rig.deps, stranger, null, addon.id), notFound)
    await assert.rejects(getAddon(rig.deps, stranger, app.name, addon.name), notFound)
    await assert.rejects(resolveAddons(rig.deps, stranger, { addon: addon.name }), notFound)
    await assert.rejects(resolveAddons(rig.deps, stranger, { addon: 'REDIS', app: app.name }), notFound)
    await assert.rejects(destroyAddon(rig.deps, stranger, app.name, addon.name), notFound)
    // Not found is what a missing add-on answers too, so nothing tells the two apart.
    await assert.rejects(getAddon(rig.deps, owner, null, 'redis-missing-10000'), notFound)
    assert.equal((await getAddon(rig.deps, collaborator, null, addon.name)).details?.Data, 'empty')
    assert.deepEqual((await resolveAddons(rig.deps, collaborator, { addon: 'REDIS', app: app.name })).map((a) => a.id), [addon.id])
    assert.equal((await destroyAddon(rig.deps, collaborator, app.name, addon.name)).gone, true)
  })
})
