import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { blobKeys } from '../blobs/blob-keys.js'
import { effectiveConfigVars } from '../core/releases/release.js'
import { refused } from '../../test/support/refused.js'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { waitFor } from '../../test/support/wait-for.js'
import { collectSlugs } from './collect-slugs.js'
import { createAddon } from './create-addon.js'
import { destroyAddon } from './destroy-addon.js'
import { rollbackRelease } from './rollback-release.js'
import { updateConfigVars } from './update-config-vars.js'

const cannot = (version: number, reason: RegExp) => refused('invalid_params', new RegExp(`^Cannot roll back to v${version}\\. ${reason.source}`))

describe('rollbackRelease', () => {
  it("appends a release with the target's slug and user config, and it goes live", async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await updateConfigVars(rig.deps, owner, app.name, { MODE: 'old' })
    const target = (await rig.deploy(owner, app, { web: 'node old.js' })).release
    await rig.deploy(owner, app, { web: 'node new.js' })
    await updateConfigVars(rig.deps, owner, app.name, { MODE: 'new', EXTRA: '1' })
    const before = await rig.latest(app.id)

    const { release, currentSlugId } = await rollbackRelease(rig.deps, owner, app.name, `v${target.version}`)
    assert.deepEqual([release.version, release.description, release.status, release.current], [before.version + 1, `Rollback to v${target.version}`, 'succeeded', true])
    assert.deepEqual([release.slugId, currentSlugId], [target.slugId, target.slugId])
    assert.deepEqual(release.configVars, { MODE: 'old' })
    assert.deepEqual(release.actor, { id: owner.id, email: owner.email })
    assert.ok(rig.messages(app.id).includes(`api: Rollback to v${target.version} by user ${owner.email}`))
    await waitFor(() => rig.running(app.id).join() === 'web.1', { what: 'the replaced dynos to stop' })
    const [dyno] = rig.scheduler.list(app.id).filter((d) => d.state === 'up')
    assert.deepEqual([dyno!.command, dyno!.releaseVersion], ['node old.js', release.version])
    assert.equal(rig.scheduler.inspect(dyno!.id)!.env.MODE, 'old')
  })

  it('answers at once with the pending release when told not to wait', async (t) => {
    const rig = await open(t, { program: () => ({ bootMs: 100 }) })
    const owner = await rig.account()
    const app = await rig.app(owner)
    const target = (await rig.deploy(owner, app)).release
    await rig.deploy(owner, app, { web: 'node new.js' })
    const { release } = await rollbackRelease(rig.deps, owner, app.name, target.version, { wait: false })
    assert.deepEqual([release.status, release.current], ['pending', false])
    // A release still going out cannot be rolled back to.
    await assert.rejects(rollbackRelease(rig.deps, owner, app.name, release.id), cannot(release.version, /Release v\d+ is still being released\.$/))
    await waitFor(async () => (await rig.latest(app.id)).current, { what: 'the rollback to go live' })
  })

  it("refuses the app's setup releases, a failed release, one without a slug once code is deployed, and unknown ones", async (t) => {
    const rig = await open(t, { program: (spec) => (spec.command === 'crash' ? { exitAtBoot: 1 } : {}) })
    const owner = await rig.account()
    const app = await rig.app(owner)
    const slugless = await updateConfigVars(rig.deps, owner, app.name, { A: '1' }).then(() => rig.latest(app.id))
    const failed = (await rig.deploy(owner, app, { web: 'crash' })).release
    assert.equal(failed.status, 'failed')
    await rig.deploy(owner, app)
    const before = await rig.latest(app.id)
    await assert.rejects(rollbackRelease(rig.deps, owner, app.name, 1), cannot(1, /Release v1 is the app's initial setup\.$/))
    await assert.rejects(rollbackRelease(rig.deps, owner, app.name, 'v2'), cannot(2, /Release v2 is the app's initial setup\.$/))
    await assert.rejects(rollbackRelease(rig.deps, owner, app.name, failed.id), cannot(failed.version, /Release v\d+ failed, so there is nothing to roll back to\.$/))
    await assert.rejects(rollbackRelease(rig.deps, owner, app.name, slugless.version),
      cannot(slugless.version, /Release v\d+ has no slug: it predates the first deploy, and rolling back to it would remove the app's code\.$/))
    for (const ref of [99, 'v0', 'latest', '00000000-0000-4000-8000-000000000000', null]) {
      await assert.rejects(rollbackRelease(rig.deps, owner, app.name, ref), refused('not_found', /^Couldn't find that release\.$/))
    }
    assert.equal((await rig.latest(app.id)).version, before.version)
  })

  it('refuses a release whose slug retention collected', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const old = (await rig.deploy(owner, app)).release
    await rig.deploy(owner, app)
    await rig.deploy(owner, app)
    const expired = await collectSlugs({ ...rig.deps, limits: { ...rig.deps.limits, keepReleases: 1 } }, app.id)
    assert.ok(expired.includes(old.slugId!))
    assert.equal(await rig.blobs.exists(blobKeys.slug(old.slugId!)), false)
    await assert.rejects(rollbackRelease(rig.deps, owner, app.name, old.version), cannot(old.version, /Release v\d+ has expired: its slug was removed\.$/))
  })

  it("keeps the add-ons attached now, and drops a user var of the target that an add-on now owns", async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await updateConfigVars(rig.deps, owner, app.name, { DATABASE_URL: 'postgres://mine', KEEP: 'yes' })
    const target = (await rig.deploy(owner, app)).release
    await updateConfigVars(rig.deps, owner, app.name, { DATABASE_URL: null })
    const addon = await createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: {} })
    const attached = await rig.latest(app.id)

    const { release } = await rollbackRelease(rig.deps, owner, app.name, target.version)
    assert.deepEqual(release.configVars, { KEEP: 'yes' })
    assert.deepEqual(release.addonConfigVars, attached.addonConfigVars)
    assert.deepEqual(release.addonPlanNames, ['berth-postgresql:dev'])
    assert.notEqual(effectiveConfigVars(release).DATABASE_URL, 'postgres://mine')
    // Detaching later does not bring the user's old value back.
    await destroyAddon(rig.deps, owner, app.name, addon.name)
    assert.deepEqual(effectiveConfigVars(await rig.latest(app.id)), { KEEP: 'yes' })
  })

  it('is refused to strangers as if the app did not exist', async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const target = (await rig.deploy(owner, app)).release
    await rig.deploy(owner, app)
    const before = await rig.latest(app.id)
    await assert.rejects(rollbackRelease(rig.deps, await rig.account(), app.name, target.version), refused('not_found', /app/i))
    assert.equal((await rig.latest(app.id)).version, before.version)
  })
})
