import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_AUTO_ROLLBACK } from '../core/health/auto-rollback-settings.js'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { waitFor } from '../../test/support/wait-for.js'
import { autoRollbackRelease } from './auto-rollback-release.js'
import { updateConfigVars } from './update-config-vars.js'

/** An app with automatic rollback on (unless told otherwise), v(good) then v(bad) live. */
async function twoDeploys(t: Parameters<typeof open>[0], enabled = true) {
  const rig = await open(t)
  const owner = await rig.account()
  const app = await rig.app(owner)
  await rig.store.setAutoRollback(app.id, { ...DEFAULT_AUTO_ROLLBACK, enabled })
  const good = (await rig.deploy(owner, app, { web: 'node good.js' })).release
  const bad = (await rig.deploy(owner, app, { web: 'node bad.js' })).release
  return { rig, owner, app, good, bad }
}

describe('autoRollbackRelease', () => {
  it('rolls the misbehaving release back to the one it replaced, naming the reason', async (t) => {
    const { rig, app, good, bad } = await twoDeploys(t)
    const release = await autoRollbackRelease(rig.deps, app.id, bad, good.version, '5xx rate 31% > 5% over 60 s after cutover')
    assert.equal(release?.description, `Auto-rollback to v${good.version}: 5xx rate 31% > 5% over 60 s after cutover`)
    await waitFor(async () => (await rig.latest(app.id)).current, { what: 'the rollback to go live' })
  })

  it('leaves alone a release created after the watched one: the user\'s newer release is not undone', async (t) => {
    const { rig, owner, app, good, bad } = await twoDeploys(t)
    // A config change during the watch: its release is appended (and may still be booting) when the breach is found.
    const newer = await updateConfigVars(rig.deps, owner, app.name, { FIX: '1' }).then(() => rig.latest(app.id))
    assert.ok(newer.version > bad.version)
    assert.equal(await autoRollbackRelease(rig.deps, app.id, bad, good.version, 'p95 900 ms > 2x'), null)
    assert.equal((await rig.latest(app.id)).id, newer.id, 'no rollback release was appended')
  })

  it('does nothing once automatic rollback was turned off during the watch', async (t) => {
    const { rig, app, good, bad } = await twoDeploys(t, false)
    assert.equal(await autoRollbackRelease(rig.deps, app.id, bad, good.version, '5xx rate 31% > 5%'), null)
    assert.equal((await rig.latest(app.id)).id, bad.id)
    assert.deepEqual(rig.webhookEvents.filter((e) => e.entity === 'berth:auto-rollback'), [])
  })
})
