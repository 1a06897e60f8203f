import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { blobKeys } from '../blobs/blob-keys.js'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { refused } from '../../test/support/refused.js'
import { waitFor } from '../../test/support/wait-for.js'
import { collectSlugs } from './collect-slugs.js'
import { createPipeline } from './create-pipeline.js'
import { createPipelineCoupling } from './create-pipeline-coupling.js'
import { createPipelinePromotion } from './create-pipeline-promotion.js'
import { getPipelinePromotion } from './get-pipeline-promotion.js'
import { updateConfigVars } from './update-config-vars.js'
import type { ServiceRig } from './service-rig.js'
import type { Account } from '../core/accounts/account.js'

async function stagingAndProduction(rig: ServiceRig, owner: Account) {
  const [staging, production] = [await rig.app(owner), await rig.app(owner)]
  const pipeline = await createPipeline(rig.deps, owner, { name: `shop-${staging.name.slice(0, 20)}` })
  await createPipelineCoupling(rig.deps, owner, { app: staging.name, pipeline: pipeline.id, stage: 'staging' })
  await createPipelineCoupling(rig.deps, owner, { app: production.name, pipeline: pipeline.id, stage: 'production' })
  return { staging, production, pipeline }
}

describe('createPipelinePromotion', () => {
  it("runs the source's slug on the target with the target's config, through the rollout", async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const { staging, production, pipeline } = await stagingAndProduction(rig, owner)
    await updateConfigVars(rig.deps, owner, production.name, { MODE: 'production' })
    const { release: source } = await rig.deploy(owner, staging, { web: 'node staged.js' })
    const promotion = await createPipelinePromotion(rig.deps, owner, { pipelineId: pipeline.name, sourceAppId: staging.id, sourceRelease: null, targetAppIds: [production.name] })
    assert.deepEqual([promotion.status, promotion.targets.map((target) => target.status)], ['pending', ['pending']])
    const done = await waitFor(async () => { const p = await getPipelinePromotion(rig.deps, owner, promotion.id); return p.status === 'completed' ? p : null })
    assert.deepEqual(done.targets.map((target) => [target.status, target.errorMessage]), [['succeeded', null]])
    const released = await rig.latest(production.id)
    assert.deepEqual([released.id, released.slugId, released.description, released.current], [done.targets[0]!.releaseId, source.slugId, `Promote ${staging.name} v${source.version}`, true])
    const [dyno] = rig.scheduler.list(production.id).filter((d) => d.state === 'up')
    assert.equal(dyno!.command, 'node staged.js')
    assert.equal(rig.scheduler.inspect(dyno!.id)!.env.MODE, 'production')
  })

  it("never lets retention collect a promoted slug while the target runs it", async (t) => {
    const rig = await open(t)
    const owner = await rig.account()
    const { staging, production, pipeline } = await stagingAndProduction(rig, owner)
    const { release: source } = await rig.deploy(owner, staging)
    const promotion = await createPipelinePromotion(rig.deps, owner, { pipelineId: pipeline.id, sourceAppId: staging.id, sourceRelease: null, targetAppIds: [production.id] })
    await waitFor(async () => (await getPipelinePromotion(rig.deps, owner, promotion.id)).status === 'completed')
    for (let i = 0; i < 3; i++) await rig.deploy(owner, staging)
    const deps = { ...rig.deps, limits: { ...rig.deps.limits, keepReleases: 1 } }
    const collected = await collectSlugs(deps, staging.id)
    assert.equal(collected.length, 2, 'the staging slugs nobody runs go')
    assert.ok(!collected.includes(source.slugId!))
    assert.ok(await rig.blobs.exists(blobKeys.slug(source.slugId!)), "the promoted slug's archive stays")
    assert.equal((await rig.latest(production.id)).status, 'succeeded')
  })

  it('refuses a release that never went live, an app outside the pipeline, and promoting an app to itself, making nothing', async (t) => {
    const rig = await open(t, { program: (spec) => (spec.command.includes('crash') ? { exitAtBoot: 1 } : {}) })
    const owner = await rig.account()
    const { staging, production, pipeline } = await stagingAndProduction(rig, owner)
    const outsider = await rig.app(owner)
    await rig.deploy(owner, staging)
    const { release: crashed } = await rig.deploy(owner, staging, { web: 'node crash.js' })
    assert.equal(crashed.status, 'failed')
    const promote = (input: { sourceRelease?: string; targets?: string[] }) =>
      createPipelinePromotion(rig.deps, owner, { pipelineId: pipeline.id, sourceAppId: staging.id, sourceRelease: input.sourceRelease ?? null, targetAppIds: input.targets ?? [production.id] })
    await assert.rejects(promote({ sourceRelease: `v${crashed.version}` }), refused('invalid_params', /has not gone live/))
    await assert.rejects(promote({ targets: [outsider.name] }), refused('invalid_params', /is not an app of pipeline/))
    await assert.rejects(promote({ targets: [staging.id] }), refused('invalid_params', /to itself/))
    assert.equal((await rig.latest(production.id)).version, 2)
  })
})
