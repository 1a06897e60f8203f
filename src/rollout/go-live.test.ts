import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { waitFor } from '../../test/support/wait-for.js'
import type { FakeProgram } from '../scheduler/fake/fake-program.js'
import type { DynoSpec } from '../scheduler/scheduler.js'
import { openRig, RIG_TIMEOUTS, type RigOptions } from './rollout-rig.js'
import { BootFailure } from './runtime.js'

const WEB = { web: 'node server.js' }
const WITH_RELEASE_PHASE = { ...WEB, release: 'node migrate.js' }

/** A rig whose release `version` (and only it) runs `program`; v1 is live already. */
async function withV1Live(program: (spec: DynoSpec) => FakeProgram = () => ({}), drain?: RigOptions['drain']) {
  const rig = openRig({ program, drain })
  const v1 = await rig.goLive.release(rig.store.append(WEB))
  assert.deepEqual([v1.status, v1.current, rig.servingVersions()], ['succeeded', true, [1]])
  return rig
}

describe('going live', () => {
  it('runs the release phase, boots, switches, then drains and stops the replaced dynos', async (t) => {
    const rig = await withV1Live((spec) => (spec.type === 'release' ? { lines: ['migrated'] } : {}))
    t.after(rig.close)
    assert.deepEqual(rig.store.formation.map((f) => [f.type, f.quantity]), [['web', 1]])
    assert.ok(rig.messages().includes('api v1: Scaled to web@1:Basic by user u@example.com'))
    const [oldWeb] = rig.dynosOf(1)
    const v2 = await rig.goLive.release(rig.store.append(WITH_RELEASE_PHASE))
    assert.deepEqual([v2.status, v2.current, rig.servingVersions()], ['succeeded', true, [2]])
    assert.deepEqual(rig.releaseOutput.get(v2.id), ['migrated'])
    assert.deepEqual(rig.drains.at(-1), { endpoints: [{ host: oldWeb!.host, port: oldWeb!.port, key: `${oldWeb!.host}:${oldWeb!.port}` }], timeoutMs: RIG_TIMEOUTS.stopTimeoutMs })
    await waitFor(() => rig.dynosOf(1).length === 0, { what: 'v1 stopped' })
    const order = ['api v2: Running release v2 commands by user u@example.com', 'web.1 v2: State changed from starting to up', 'web.1 v1: Stopping all processes with SIGTERM']
    assert.deepEqual(order.map((line) => rig.messages().indexOf(line)).every((at, i, all) => at >= 0 && (i === 0 || at > all[i - 1]!)), true, rig.messages().join('\n'))
    assert.deepEqual(rig.store.formation.map((f) => [f.type, f.quantity]), [['web', 1], ['release', 0]])
  })

  it('keeps the old release serving when the new dynos crash at boot, and fails the release', async (t) => {
    const rig = await withV1Live((spec) => (spec.releaseVersion === 2 ? { exitAtBoot: 1 } : {}))
    t.after(rig.close)
    const [serving] = rig.dynosOf(1)
    const v2 = await rig.goLive.release(rig.store.append(WEB))
    assert.deepEqual([v2.status, v2.current, rig.servingVersions()], ['failed', false, [1]])
    assert.ok(rig.messages().includes('api v2: Release v2 failed: the process exited with status 1'))
    await waitFor(() => rig.dynosOf(2).length === 0, { what: "v2's dynos stopped" })
    assert.deepEqual(rig.dynosOf(1).map((d) => [d.id, d.state]), [[serving!.id, 'up']])
    assert.ok(!rig.messages().includes('web.1 v1: Stopping all processes with SIGTERM'))
  })

  it('fails a release whose web dynos never come up (R10), the old ones serving', async (t) => {
    const rig = await withV1Live((spec) => (spec.releaseVersion === 2 ? { bootMs: Infinity } : {}))
    t.after(rig.close)
    const v2 = await rig.goLive.release(rig.store.append(WEB))
    assert.deepEqual([v2.status, rig.servingVersions()], ['failed', [1]])
    assert.ok(rig.messages().some((m) => m.startsWith('api v2: Release v2 failed: Error R10 (Boot timeout)')))
    assert.deepEqual(rig.fleet.of('a1').booting, [])
  })

  it('fails a release whose release phase fails, and starts none of its dynos', async (t) => {
    const rig = await withV1Live((spec) => (spec.type === 'release' ? { lines: ['migration failed'], exitCode: 1 } : {}))
    t.after(rig.close)
    const v2 = await rig.goLive.release(rig.store.append(WITH_RELEASE_PHASE))
    assert.deepEqual([v2.status, rig.servingVersions()], ['failed', [1]])
    assert.deepEqual(rig.messages().filter((m) => m.startsWith('api v2')).slice(-2), [
      'api v2: Release v2 command failed by user u@example.com',
      'api v2: Release v2 failed: the release command exited with status 1',
    ])
    assert.equal(rig.messages().filter((m) => m.startsWith('web.1 v2')).length, 0)
    assert.deepEqual(rig.store.formation.map((f) => f.type), ['web'])
  })

  it('supersedes a release still waiting behind a running rollout, without failing it', async (t) => {
    const rig = await withV1Live((spec) => (spec.type === 'release' ? { runMs: 100 } : {}))
    t.after(rig.close)
    const [v2, v3, v4] = [rig.store.append(WITH_RELEASE_PHASE), rig.store.append(WITH_RELEASE_PHASE), rig.store.append(WITH_RELEASE_PHASE)]
    const settled = await Promise.all([v2, v3, v4].map((release) => rig.rollout.submit(release)))
    assert.deepEqual(settled.map((r) => [r.version, r.status]), [[2, 'succeeded'], [3, 'succeeded'], [4, 'succeeded']])
    assert.deepEqual(rig.store.releases.map((r) => r.current), [false, false, false, true])
    assert.ok(rig.messages().includes('api v3: Release v3 was superseded by v4 before it went live'))
    assert.ok(!rig.messages().some((m) => m.includes('Running release v3 commands')))
    assert.deepEqual(rig.servingVersions(), [4])
  })

  it('stops the replaced dynos when the drain times out with requests still in flight', async (t) => {
    // A request that never finishes: the router gives up at the timeout, as Router.drain does.
    const rig = await withV1Live(() => ({}), (_endpoints, timeoutMs) => new Promise((resolve) => setTimeout(resolve, timeoutMs)))
    t.after(rig.close)
    const v2 = await rig.goLive.release(rig.store.append(WEB))
    const switchedAt = Date.now()
    assert.deepEqual([v2.current, rig.servingVersions(), rig.dynosOf(1).map((d) => d.state)], [true, [2], ['up']])
    await waitFor(() => rig.dynosOf(1).length === 0, { what: 'v1 stopped after the drain timeout' })
    assert.ok(Date.now() - switchedAt >= RIG_TIMEOUTS.stopTimeoutMs - 50, 'v1 kept running while the drain waited')
    assert.deepEqual(rig.errors, [])
  })

  it('still stops the replaced dynos when the drain fails, and reports it', async (t) => {
    const rig = await withV1Live(() => ({}), async (endpoints) => { if (endpoints.length > 0) throw new Error('router gone') })
    t.after(rig.close)
    await rig.goLive.release(rig.store.append(WEB))
    await waitFor(() => rig.dynosOf(1).length === 0, { what: 'v1 stopped' })
    assert.deepEqual(rig.errors, ['could not drain the replaced dynos of app a1'])
  })

  it('answers a restart whose new dynos crash with BootFailure, the old ones serving', async (t) => {
    const rig = await withV1Live((spec) => ((spec.generation ?? 0) > 1 ? { exitAtBoot: 1 } : {}))
    t.after(rig.close)
    const [serving] = rig.dynosOf(1)
    const startedAt = rig.scheduler.inspect(serving!.id)!.startedAt
    await assert.rejects(rig.runtime.restart('a1', {}), (error) => error instanceof BootFailure && /exited with status 1/.test(error.message))
    assert.deepEqual(rig.servingVersions(), [1])
    assert.equal(rig.scheduler.inspect(serving!.id)!.startedAt, startedAt, 'the same process still serves')
    await waitFor(() => rig.dynosOf(1).length === 1, { what: 'the new generation stopped' })
  })
})
