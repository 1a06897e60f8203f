import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlatformError } from '../core/errors/platform-error.js'
import { effectiveConfigVars } from '../core/releases/release.js'
import type { Store } from '../store/store.js'
import { refused } from '../../test/support/refused.js'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { waitFor } from '../../test/support/wait-for.js'
import { createAddon } from './create-addon.js'
import { updateConfigVars } from './update-config-vars.js'

describe('createAddon', () => {
  it('attaches as DATABASE, then by colour, or as --as says, each with a live Attach release of its URL', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app)
    const first = await createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: {} })
    const second = await createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql:dev', config: {} })
    const third = await createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', as: 'reports', name: 'reports-db', config: {} })
    assert.deepEqual([first, second, third].map((a) => a.attachmentName), ['DATABASE', 'HEROKU_POSTGRESQL_AMBER', 'REPORTS'])
    assert.equal(third.name, 'reports-db')
    const release = await rig.latest(app.id)
    assert.deepEqual([release.description, release.status, release.current], ['Attach REPORTS (@ref:reports-db)', 'succeeded', true])
    assert.equal(release.actor.email, 'berth-postgresql@addons.berth.local')
    assert.deepEqual(Object.keys(release.addonConfigVars).sort(), ['DATABASE_URL', 'HEROKU_POSTGRESQL_AMBER_URL', 'REPORTS_URL'])
    assert.deepEqual(release.configVars, {}, 'add-on variables are kept apart from the user\'s')
    assert.deepEqual(release.addonPlanNames, ['berth-postgresql:dev', 'berth-postgresql:dev', 'berth-postgresql:dev'])
    // The URL is the provider's: its credentials work on the provider's server.
    await rig.providers.get('berth-postgresql')!.write({ URL: release.addonConfigVars.REPORTS_URL! }, 'hello')
    assert.ok(rig.messages(app.id).includes('api: Created reports-db (berth-postgresql:dev) by user ' + owner.email))
    // The release went live: the one web dyno left runs it and sees the add-on's URL.
    await waitFor(() => rig.running(app.id).join() === 'web.1', { what: 'the replaced dynos to stop' })
    const [dyno] = rig.scheduler.list(app.id).filter((d) => d.state === 'up')
    assert.equal(dyno!.releaseVersion, release.version)
    assert.equal(rig.scheduler.inspect(dyno!.id)!.env.REPORTS_URL, release.addonConfigVars.REPORTS_URL)
  })

  it('names an add-on after its service, drawing again while the name is taken', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const draws = (...values: number[]) => () => values.shift() ?? 0.5
    const first = await createAddon({ ...rig.deps, random: draws(0, 0) }, owner, app.name, { plan: 'berth-redis', config: {} })
    assert.match(first.name, /^redis-[a-z]+-10000$/)
    // The same first draw meets the taken name, so it draws again.
    const second = await createAddon({ ...rig.deps, random: draws(0, 0, 0.5, 0.5) }, owner, app.name, { plan: 'berth-redis', config: {} })
    assert.match(second.name, /^redis-[a-z]+-55000$/)
    await assert.rejects(createAddon({ ...rig.deps, random: () => 0 }, owner, app.name, { plan: 'berth-redis', config: {} }), refused('internal_error', /Could not find a free add-on name/))
    assert.equal(rig.providers.get('berth-redis')!.calls.length, 2)
  })

  it('refuses an attachment a user config var already holds, before anything is provisioned', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await updateConfigVars(rig.deps, owner, app.name, { DATABASE_URL: 'postgres://mine' })
    const before = await rig.latest(app.id)
    await assert.rejects(createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: {} }), refused('invalid_params', /DATABASE_URL is already set/))
    await assert.rejects(createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', as: 'DATABASE', config: {} }), refused('invalid_params', /DATABASE_URL is already set/))
    // Under another name it attaches, and the user's own DATABASE_URL is left as it was.
    const other = await createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', as: 'MAIN', config: {} })
    assert.equal(other.attachmentName, 'MAIN')
    assert.deepEqual(rig.providers.get('berth-postgresql')!.calls.filter((c) => c.startsWith('provision')).length, 1)
    const after = await rig.latest(app.id)
    assert.equal(after.version, before.version + 1)
    assert.equal(effectiveConfigVars(after).DATABASE_URL, 'postgres://mine')
  })

  it('refuses options other than --version, an unknown plan and a taken --name without provisioning', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const taken = await createAddon(rig.deps, owner, app.name, { plan: 'berth-redis', config: {} })
    const provider = rig.providers.get('berth-postgresql')!
    await assert.rejects(createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: { size: 'big' } }), refused('invalid_params', /takes no config option "size" \(only --version\)/))
    await assert.rejects(createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: { version: 'latest' } }), refused('invalid_params', /--version must be a version number/))
    await assert.rejects(createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql:gigantic', config: {} }), refused('invalid_params', /has no plan "gigantic"/))
    await assert.rejects(createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', name: taken.name, config: {} }), refused('invalid_params', /Name is already taken/))
    assert.deepEqual(provider.calls, [])
    assert.deepEqual((await rig.store.listAddons({ appId: app.id })).map((a) => a.name), [taken.name])
  })

  it('provisions on the version --version asks for, and refuses one the server does not run, leaving nothing', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const provider = rig.providers.get('berth-postgresql')!
    const before = await rig.latest(app.id)
    await assert.rejects(createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: { version: '15' } }),
      refused('invalid_params', /offers the fake server 16\.4 on this installation, not 15\. Omit --version, or ask for --version 16\./))
    assert.deepEqual(await rig.store.listAddons({}), [])
    assert.equal((await rig.latest(app.id)).version, before.version)
    const addon = await createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: { version: '16' } })
    assert.deepEqual(provider.leftovers(addon.providerId), [`user ${addon.providerId}`, `data ${addon.providerId}`])
    assert.equal((await rig.latest(app.id)).version, before.version + 1)
  })

  it('answers a provider that is down with unavailable, recording nothing', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const before = await rig.latest(app.id)
    rig.providers.get('berth-postgresql')!.reachable = false
    await assert.rejects(createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: {} }), refused('unavailable', /^berth-postgresql could not provision: .*127\.0\.0\.1:1/))
    assert.deepEqual(await rig.store.listAddons({}), [])
    assert.equal((await rig.latest(app.id)).version, before.version)
  })

  it('removes what it provisioned when the add-on cannot be recorded', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const provider = rig.providers.get('berth-postgresql')!
    let provisioned = ''
    const failing = (error: Error): Store => new Proxy(rig.store, {
      get: (store, key: keyof Store) => key === 'attachAddon'
        ? async (_appId: string, input: { providerId: string }) => { provisioned = input.providerId; throw error }
        : (store[key] as (...args: unknown[]) => unknown).bind(store),
    })
    // A name taken meanwhile (the unique index) reads as a taken name; anything else passes through.
    await assert.rejects(createAddon({ ...rig.deps, store: failing(new PlatformError('conflict', 'unique')) }, owner, app.name, { plan: 'berth-postgresql', name: 'racy', config: {} }),
      refused('invalid_params', /Name is already taken/))
    assert.deepEqual(provider.leftovers(provisioned), [])
    const disk = new Error('disk full')
    await assert.rejects(createAddon({ ...rig.deps, store: failing(disk) }, owner, app.name, { plan: 'berth-postgresql', config: {} }), (e) => e === disk)
    assert.deepEqual(provider.leftovers(provisioned), [])
    assert.deepEqual(provider.calls.map((c) => c.split(' ')[0]), ['provision', 'deprovision', 'provision', 'deprovision'])
  })

  it('is refused to strangers as if the app did not exist', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const stranger = await rig.account()
    const app = await rig.app(owner)
    await assert.rejects(createAddon(rig.deps, stranger, app.name, { plan: 'berth-postgresql', config: {} }), refused('not_found'))
    assert.deepEqual(rig.providers.get('berth-postgresql')!.calls, [])
  })
})
