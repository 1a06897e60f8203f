import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { PlatformError } from '../core/errors/platform-error.js'
import { planPromotionRelease } from '../core/pipelines/plan-promotion.js'
import { planSlugRelease } from '../core/releases/plan-slug-release.js'
import { contractRig, uniqueName } from './contract-rig.js'
import type { StoreHarness } from './store.contract.js'

const isConflict = (error: unknown) => error instanceof PlatformError && error.id === 'conflict'

/** The pipeline part of the Store contract: pipelines, couplings, promotions, and slugs shared across apps. */
export function runPipelineStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract, pipelines: ${name}`, () => {
    const rig = contractRig(open, 'pipes')

    const newAccount = () => rig.store.createAccount({ email: uniqueName('other') + '@example.com', name: null, passwordHash: null, isAdmin: false })
    const newApp = (ownerId?: string) => rig.newApp(ownerId)
    const newPipeline = (ownerId = rig.actor.id!) => rig.store.createPipeline({ name: uniqueName('p').replace(/[^a-z0-9-]/g, '-'), ownerId })
    const deploy = async (appId: string) => {
      const slug = await rig.store.createSlug({ appId, processTypes: { web: 'node server.js' }, commit: 'a'.repeat(40), commitDescription: null, buildpackProvidedDescription: null, stack: 'berth-24', checksum: null, sizeBytes: 1 })
      const release = await rig.store.appendRelease(appId, (ctx) => planSlugRelease(ctx, slug.id, 'Deploy', rig.actor))
      return { slug, release: await rig.store.finishRelease(release!.id, 'succeeded') }
    }
    const promote = async (from: { appName: string; release: Awaited<ReturnType<typeof deploy>>['release'] }, toAppId: string) => {
      const release = await rig.store.appendRelease(toAppId, (ctx) => planPromotionRelease(ctx, from, rig.actor))
      return rig.store.finishRelease(release!.id, 'succeeded')
    }

    it('keeps pipelines by unique name, renames and lists them by owner or by an app of the account', async () => {
      const pipeline = await newPipeline()
      assert.equal((await rig.store.findPipeline(pipeline.name))?.id, pipeline.id)
      assert.equal((await rig.store.findPipeline(pipeline.id))?.name, pipeline.name)
      await assert.rejects(rig.store.createPipeline({ name: pipeline.name, ownerId: rig.actor.id! }), isConflict)
      const renamed = await rig.store.renamePipeline(pipeline.id, `${pipeline.name}-x`)
      assert.equal(renamed?.name, `${pipeline.name}-x`)
      assert.equal(await rig.store.renamePipeline(randomUUID(), 'nothing'), null)

      const other = await newAccount()
      assert.ok(!(await rig.store.listPipelines(other.id)).some((p) => p.id === pipeline.id))
      const app = await newApp()
      await rig.store.addCollaborator(app.id, other.id)
      await rig.store.createCoupling({ pipelineId: pipeline.id, appId: app.id, stage: 'staging' })
      assert.ok((await rig.store.listPipelines(other.id)).some((p) => p.id === pipeline.id), 'a collaborator on one of its apps sees it')
      assert.ok((await rig.store.listPipelines(rig.actor.id!)).some((p) => p.id === pipeline.id))
      assert.ok((await rig.store.listPipelines(null)).some((p) => p.id === pipeline.id))
    })

    it('couples an app to one pipeline at a time, restages and uncouples it', async () => {
      const [pipeline, second, app] = [await newPipeline(), await newPipeline(), await newApp()]
      const coupling = await rig.store.createCoupling({ pipelineId: pipeline.id, appId: app.id, stage: 'staging' })
      assert.deepEqual([coupling.pipeline, coupling.app, coupling.stage], [{ id: pipeline.id, name: pipeline.name }, { id: app.id, name: app.name }, 'staging'])
      await assert.rejects(rig.store.createCoupling({ pipelineId: second.id, appId: app.id, stage: 'production' }), isConflict)
      assert.equal((await rig.store.findCouplingByApp(app.id))?.id, coupling.id)
      assert.equal((await rig.store.updateCouplingStage(coupling.id, 'production'))?.stage, 'production')
      assert.deepEqual((await rig.store.listCouplings({ pipelineId: pipeline.id })).map((c) => c.id), [coupling.id])
      assert.ok((await rig.store.listCouplings({ accountId: rig.actor.id! })).some((c) => c.id === coupling.id))
      assert.ok(!(await rig.store.listCouplings({ accountId: (await newAccount()).id })).some((c) => c.id === coupling.id))
      assert.equal(await rig.store.deleteCoupling(coupling.id), true)
      assert.equal(await rig.store.findCouplingByApp(app.id), null)
      assert.equal(await rig.store.deleteCoupling(coupling.id), false)
    })

    it('deletes a pipeline with its couplings and promotions, and a deleted app leaves its pipeline', async () => {
      const [pipeline, staging, production] = [await newPipeline(), await newApp(), await newApp()]
      await rig.store.createCoupling({ pipelineId: pipeline.id, appId: staging.id, stage: 'staging' })
      await rig.store.createCoupling({ pipelineId: pipeline.id, appId: production.id, stage: 'production' })
      await rig.store.deleteApp(production.id)
      assert.deepEqual((await rig.store.listCouplings({ pipelineId: pipeline.id })).map((c) => c.app.id), [staging.id])
      const { release } = await deploy(staging.id)
      const promotion = await rig.store.createPromotion({ pipelineId: pipeline.id, sourceAppId: staging.id, sourceReleaseId: release.id, targetAppIds: [staging.id] })
      assert.equal(await rig.store.deletePipeline(pipeline.id), true)
      assert.equal(await rig.store.findPipeline(pipeline.id), null)
      assert.equal(await rig.store.getPromotion(promotion.id), null)
      assert.equal(await rig.store.findCouplingByApp(staging.id), null)
      assert.ok(await rig.store.findApp(staging.id), 'the apps stay')
    })

    it('records a promotion with a pending target per app, and completes it once every target settled', async () => {
      const [pipeline, staging, a, b] = [await newPipeline(), await newApp(), await newApp(), await newApp()]
      const { release } = await deploy(staging.id)
      const promotion = await rig.store.createPromotion({ pipelineId: pipeline.id, sourceAppId: staging.id, sourceReleaseId: release.id, targetAppIds: [a.id, b.id] })
      assert.equal(promotion.status, 'pending')
      assert.deepEqual(promotion.source, { appId: staging.id, releaseId: release.id })
      assert.deepEqual(promotion.targets.map((t) => [t.appId, t.status, t.releaseId, t.errorMessage]), [[a.id, 'pending', null, null], [b.id, 'pending', null, null]])
      const [ta, tb] = promotion.targets
      const made = await promote({ appName: staging.name, release }, a.id)
      await rig.store.setPromotionTargetRelease(ta!.id, made.id)
      await rig.store.settlePromotionTarget(ta!.id, 'succeeded', null)
      assert.equal((await rig.store.getPromotion(promotion.id))?.status, 'pending')
      await rig.store.settlePromotionTarget(tb!.id, 'failed', 'Release v4 failed: the release command exited 1')
      await rig.store.settlePromotionTarget(tb!.id, 'succeeded', null)
      const done = await rig.store.getPromotion(promotion.id)
      assert.equal(done?.status, 'completed')
      assert.deepEqual(done?.targets.map((t) => [t.status, t.releaseId, t.errorMessage]), [['succeeded', made.id, null], ['failed', null, 'Release v4 failed: the release command exited 1']])
      assert.equal(await rig.store.getPromotion(randomUUID()), null)
    })

    it('shares a promoted slug by reference: the target reads it, retention keeps it while any app runs it', async () => {
      const [staging, production] = [await newApp(), await newApp()]
      const { slug, release } = await deploy(staging.id)
      assert.equal(await rig.store.getSlug(production.id, slug.id), null, 'not before a release of it')
      const promoted = await promote({ appName: staging.name, release }, production.id)
      assert.equal(promoted.slugId, slug.id)
      assert.equal(promoted.description, `Promote ${staging.name} v${release.version}`)
      assert.equal((await rig.store.getSlug(production.id, slug.id))?.id, slug.id)
      assert.equal((await rig.store.findSlug(slug.id))?.appId, staging.id)
      // Staging moves on far past its retention window; production still serves the slug.
      for (let i = 0; i < 3; i++) await deploy(staging.id)
      const between = (await rig.store.listReleases(staging.id, { order: 'asc', max: 100 })).filter((r) => r.version > 3 && r.version < 6)
      assert.deepEqual(new Set(await rig.store.expireSlugs(staging.id, 1)), new Set(between.map((r) => r.slugId)))
      assert.equal((await rig.store.findSlug(slug.id))?.deletedAt, null, 'production runs it')
      assert.equal((await rig.store.getRelease(staging.id, { kind: 'version', version: release.version }))?.status, 'succeeded')
      // Once production has moved past it too, staging's retention collects it and expires both apps' releases of it.
      for (let i = 0; i < 2; i++) await deploy(production.id)
      assert.deepEqual(await rig.store.expireSlugs(staging.id, 1), [slug.id])
      assert.equal((await rig.store.getRelease(production.id, { kind: 'id', id: promoted.id }))?.status, 'expired')
      assert.equal((await rig.store.getRelease(staging.id, { kind: 'id', id: release.id }))?.status, 'expired')
    })

    it('keeps a promoted slug when the app that built it is deleted', async () => {
      const [staging, production] = [await newApp(), await newApp()]
      const own = await deploy(staging.id)
      const { slug, release } = await deploy(staging.id)
      await promote({ appName: staging.name, release }, production.id)
      const deleted = await rig.store.deleteApp(staging.id)
      assert.deepEqual(deleted.slugIds, [own.slug.id], 'only the archive nobody else runs goes')
      assert.equal((await rig.store.getSlug(production.id, slug.id))?.appId, production.id)
      assert.equal(await rig.store.findSlug(own.slug.id), null)
    })
  })
}
