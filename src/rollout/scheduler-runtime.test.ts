import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { waitFor } from '../../test/support/wait-for.js'
import type { Account } from '../core/accounts/account.js'
import { openRig } from './rollout-rig.js'
import { NothingDeployed } from './runtime.js'

const WEB_AND_WORKER = { web: 'node server.js', worker: 'node worker.js', release: 'node migrate.js' }
const caller = { id: 'u1', email: 'u@example.com' } as Account

/** A rig with v1 live, scaled to `web` and `worker` dynos. */
async function scaledRig(web: number, worker: number) {
  const rig = openRig()
  await rig.goLive.release(rig.store.append(WEB_AND_WORKER))
  rig.store.formation = rig.store.formation.map((entry) => ({ ...entry, quantity: entry.type === 'web' ? web : entry.type === 'worker' ? worker : 0 }))
  await rig.runtime.scale('a1')
  await waitFor(() => rig.dynosOf(1).filter((d) => d.state === 'up').length === web + worker, { what: 'the dynos up' })
  return rig
}

describe('SchedulerRuntime', () => {
  it('scales the serving release to the formation, without a release', async (t) => {
    const rig = await scaledRig(2, 1)
    t.after(rig.close)
    assert.deepEqual(rig.dynosOf(1).map((d) => d.name).sort(), ['web.1', 'web.2', 'worker.1'])
    assert.equal(rig.routes.lookup('demo.localhost')!.backends.length, 2)
    assert.equal(rig.store.releases.length, 1)
  })

  it('restarts a process type as a new generation, and one dyno in place', async (t) => {
    const rig = await scaledRig(1, 1)
    t.after(rig.close)
    const [web] = rig.runtime.dynos('a1').filter((d) => d.type === 'web')
    await rig.runtime.restart('a1', { type: 'worker' })
    await waitFor(() => rig.runtime.dynos('a1').length === 2, { what: 'the old worker gone' })
    assert.deepEqual(rig.runtime.dynos('a1').map((d) => [d.name, d.generation]).sort(), [['web.1', 1], ['worker.1', 2]])
    const startedAt = rig.scheduler.inspect(web!.id)!.startedAt
    await rig.runtime.restart('a1', { name: 'web.1' })
    await rig.scheduler.waitUntilUp(web!.id)
    assert.ok(rig.scheduler.inspect(web!.id)!.startedAt > startedAt)
  })

  it('runs a one-off dyno on the serving release, and refuses one before anything is deployed', async (t) => {
    const rig = openRig()
    t.after(rig.close)
    await rig.runtime.appChanged('a1')
    await assert.rejects(rig.runtime.runOneOff('a1', 'echo hi', caller), NothingDeployed)
    await rig.goLive.release(rig.store.append(WEB_AND_WORKER))
    const dyno = await rig.runtime.runOneOff('a1', 'echo hi', caller)
    assert.deepEqual([dyno.type, dyno.releaseVersion, /^run\.\d{4}$/.test(dyno.name)], ['run', 1, true])
    assert.ok(rig.messages().includes('api v1: Starting process with command `echo hi` by user u@example.com'))
  })

  it("follows app changes: maintenance reaches the route, and a deleted app's dynos stop", async (t) => {
    const rig = await scaledRig(1, 0)
    t.after(rig.close)
    rig.store.app.maintenance = true
    await rig.runtime.appChanged('a1')
    assert.equal(rig.routes.lookup('demo.localhost')!.maintenance, true)
    rig.store.findApp = async () => null
    await rig.runtime.appChanged('a1')
    assert.equal(rig.routes.lookup('demo.localhost'), null)
    await waitFor(() => rig.scheduler.list('a1').length === 0, { what: 'the dynos stopped' })
    assert.equal(rig.fleet.find('a1'), undefined)
  })

  it('resumes after a server restart: the current release comes back without its release phase, then pending releases roll out', async (t) => {
    const before = openRig()
    await before.goLive.release(before.store.append(WEB_AND_WORKER))
    await before.close()
    const pending = before.store.append(WEB_AND_WORKER)
    const rig = openRig({ store: before.store })
    t.after(rig.close)
    await rig.runtime.resume()
    await waitFor(() => rig.store.releases[1]!.current && rig.servingVersions()[0] === 2, { what: `${pending.id} live` })
    assert.ok(!rig.messages().includes('api v1: Running release v1 commands by user u@example.com'))
    assert.ok(rig.messages().includes('api v2: Running release v2 commands by user u@example.com'))
    assert.ok(rig.messages().includes('web.1 v1: State changed from starting to up'))
  })

  it('reconciles: a dyno lost behind its back comes back', async (t) => {
    const rig = await scaledRig(1, 0)
    t.after(rig.close)
    t.after(rig.runtime.reconcileEvery(20))
    const [lost] = rig.dynosOf(1)
    await rig.scheduler.apply('a1', [])
    await waitFor(() => rig.dynosOf(1).some((d) => d.id !== lost!.id && d.state === 'up'), { what: 'a new web.1' })
  })
})
