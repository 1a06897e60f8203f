import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { routerGet } from '../../test/support/router-client.js'
import { uploadSlugArchive } from '../../test/support/slug-archive.js'
import { startTestServer, type StoreKind, type TestServer } from '../../test/support/test-server.js'
import { waitFor } from '../../test/support/wait-for.js'

for (const store of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`pipelines and promotion over HTTP (${store})`, () => {
    let server: TestServer
    let counter = 0
    before(async () => { server = await startTestServer({ store }) })
    after(async () => server.close())

    const name = (prefix: string) => `${prefix}-${store.slice(0, 2)}-${++counter}`
    const newApp = async (token?: string) => {
      const created = await server.request('POST', '/apps', { body: { name: name('pl') }, token })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      return created.body as { id: string; name: string }
    }
    const deploy = async (app: string, processTypes: Record<string, string> = { web: 'node server.js' }) => {
      const slug = await server.request('POST', `/apps/${app}/slugs`, { body: { process_types: processTypes, commit: randomUUID().replace(/-/g, '').padEnd(40, '0') } })
      await uploadSlugArchive(slug.body.blob.url, 'node-basic')
      const release = await server.request('POST', `/apps/${app}/releases`, { body: { slug: slug.body.id } })
      assert.equal(release.status, 201, JSON.stringify(release.body))
      assert.equal(release.body.status, 'succeeded', JSON.stringify(release.body))
      return { slugId: slug.body.id as string, release: release.body }
    }
    const pipelineWith = async (stages: [{ id: string }, string][]) => {
      const pipeline = await server.request('POST', '/pipelines', { body: { name: name('shop'), owner: null } })
      assert.equal(pipeline.status, 201, JSON.stringify(pipeline.body))
      for (const [app, stage] of stages) {
        const coupling = await server.request('POST', '/pipeline-couplings', { body: { app: app.id, pipeline: pipeline.body.id, stage } })
        assert.equal(coupling.status, 201, JSON.stringify(coupling.body))
      }
      return pipeline.body as { id: string; name: string }
    }
    const promote = async (pipelineId: string, source: { id: string }, targets: { id: string }[], release?: string) => {
      const body = { pipeline: { id: pipelineId }, source: { app: { id: source.id }, ...(release ? { release: { id: release } } : {}) }, targets: targets.map((t) => ({ app: { id: t.id } })) }
      const promotion = await server.request('POST', '/pipeline-promotions', { body })
      assert.equal(promotion.status, 201, JSON.stringify(promotion.body))
      const targetsDone = await waitFor(async () => {
        const listed = await server.request('GET', `/pipeline-promotions/${promotion.body.id}/promotion-targets`)
        return listed.body.every((t: { status: string }) => t.status !== 'pending') && listed.body
      }, { timeoutMs: 30_000, what: 'the promotion to settle' })
      return { promotion: (await server.request('GET', `/pipeline-promotions/${promotion.body.id}`)).body, targets: targetsDone as { app: { id: string }; status: string; error_message: string | null; release: { id: string } | null }[] }
    }

    it('creates, finds by name, renames and destroys a pipeline; couples, restages and removes apps', async () => {
      const app = await newApp()
      assert.equal((await server.request('GET', `/apps/${app.name}/pipeline-couplings`)).status, 404)
      const pipeline = await pipelineWith([[app, 'staging']])
      const found = await server.request('GET', `/pipelines?eq[name]=${pipeline.name}`)
      assert.deepEqual(found.body.map((p: { id: string }) => p.id), [pipeline.id])
      assert.deepEqual(found.body[0].generation.name, 'cedar')
      const coupling = await server.request('GET', `/apps/${app.name}/pipeline-couplings`)
      assert.deepEqual([coupling.body.stage, coupling.body.pipeline, coupling.body.app], ['staging', { id: pipeline.id, name: pipeline.name }, { id: app.id, name: app.name }])
      assert.equal((await server.request('PATCH', `/pipeline-couplings/${coupling.body.id}`, { body: { stage: 'production' } })).body.stage, 'production')
      const badStage = await server.request('PATCH', `/pipeline-couplings/${coupling.body.id}`, { body: { stage: 'qa' } })
      assert.deepEqual([badStage.status, badStage.body.id], [422, 'invalid_params'])
      const again = await server.request('POST', '/pipeline-couplings', { body: { app: app.name, pipeline: pipeline.id, stage: 'staging' } })
      assert.deepEqual([again.status, again.body.id], [409, 'conflict'])
      const apps = await server.request('POST', '/filters/apps', { body: { in: { id: [app.id] } } })
      assert.deepEqual(apps.body.map((a: { name: string }) => a.name), [app.name])
      const renamed = await server.request('PATCH', `/pipelines/${pipeline.id}`, { body: { name: `${pipeline.name}-x` } })
      assert.equal(renamed.body.name, `${pipeline.name}-x`)
      const badName = await server.request('POST', '/pipelines', { body: { name: 'No Spaces' } })
      assert.deepEqual([badName.status, badName.body.id], [422, 'invalid_params'])
      assert.equal((await server.request('DELETE', `/pipeline-couplings/${coupling.body.id}`)).status, 200)
      assert.equal((await server.request('GET', `/apps/${app.name}/pipeline-couplings`)).status, 404)
      assert.equal((await server.request('DELETE', `/pipelines/${pipeline.id}`)).status, 200)
      assert.equal((await server.request('GET', `/pipelines/${pipeline.id}`)).status, 404)
    })

    it('promotes staging to production: the same slug, production config, a release production can roll back', async () => {
      const [staging, production] = [await newApp(), await newApp()]
      await server.request('PATCH', `/apps/${production.name}/config-vars`, { body: { GREETING: 'production says hi' } })
      const first = await deploy(staging.name)
      const second = await deploy(staging.name)
      const before = await deploy(production.name)
      const pipeline = await pipelineWith([[staging, 'staging'], [production, 'production']])
      const { promotion, targets } = await promote(pipeline.id, staging, [production])
      assert.deepEqual([promotion.status, promotion.source.release.id], ['completed', second.release.id])
      assert.deepEqual(targets.map((t) => [t.app.id, t.status, t.error_message]), [[production.id, 'succeeded', null]])
      const made = (await server.request('GET', `/apps/${production.name}/releases/${targets[0]!.release!.id}`)).body
      assert.deepEqual([made.description, made.slug.id, made.current], [`Promote ${staging.name} v${second.release.version}`, second.slugId, true])
      assert.deepEqual((await server.request('GET', `/apps/${production.name}/config-vars`)).body, { GREETING: 'production says hi' })
      assert.equal((await server.request('GET', `/apps/${production.name}/slugs/${second.slugId}`)).status, 200, 'production can read the slug it runs')
      const served = await waitFor(async () => (await routerGet(server.routerUrl, `${production.name}.localhost`)).body.startsWith('production says hi') && true, { timeoutMs: 15_000, what: 'production to serve' })
      assert.ok(served)

      const latest = await server.request('GET', `/pipelines/${pipeline.id}/latest-releases`)
      assert.deepEqual(new Set(latest.body.map((r: { app: { name: string }; slug: { id: string } }) => `${r.app.name}:${r.slug.id}`)), new Set([`${staging.name}:${second.slugId}`, `${production.name}:${second.slugId}`]))

      const rollback = await server.request('POST', `/apps/${production.name}/releases`, { body: { release: before.release.id } })
      assert.deepEqual([rollback.status, rollback.body.slug.id, rollback.body.current], [201, before.slugId, true])

      // A specific earlier release of staging (Heroku's source.release.id).
      const earlier = await promote(pipeline.id, staging, [production], `v${first.release.version}`)
      const again = (await server.request('GET', `/apps/${production.name}/releases/${earlier.targets[0]!.release!.id}`)).body
      assert.deepEqual([again.description, again.slug.id], [`Promote ${staging.name} v${first.release.version}`, first.slugId])
    })

    it('marks a target whose release phase fails as failed, and the other target still succeeds', async () => {
      const [staging, good, bad] = [await newApp(), await newApp(), await newApp()]
      await server.request('PATCH', `/apps/${bad.name}/config-vars`, { body: { FAIL_RELEASE: 'yes' } })
      await deploy(staging.name, { web: 'node server.js', release: 'test "$FAIL_RELEASE" != yes' })
      const pipeline = await pipelineWith([[staging, 'staging'], [good, 'production'], [bad, 'production']])
      const { promotion, targets } = await promote(pipeline.id, staging, [good, bad])
      assert.equal(promotion.status, 'completed')
      const byApp = new Map(targets.map((t) => [t.app.id, t]))
      assert.equal(byApp.get(good.id)?.status, 'succeeded')
      assert.equal(byApp.get(bad.id)?.status, 'failed')
      assert.match(byApp.get(bad.id)?.error_message ?? '', /Release v\d+ failed/)
      const badRelease = (await server.request('GET', `/apps/${bad.name}/releases/${byApp.get(bad.id)!.release!.id}`)).body
      assert.equal(badRelease.status, 'failed')
    })

    it('releases another app\'s slug for a caller who can deploy both, and refuses one who cannot see the slug\'s app', async () => {
      const [staging, production] = [await newApp(), await newApp()]
      const { slugId } = await deploy(staging.name)
      const copied = await server.request('POST', `/apps/${production.name}/releases`, { body: { slug: slugId } })
      assert.deepEqual([copied.status, copied.body.slug.id], [201, slugId])

      const email = `${name('prod-only')}@example.com`
      const token = await server.createUser(email)
      const other = await newApp()
      await server.request('POST', `/apps/${other.name}/collaborators`, { body: { user: email } })
      const refused = await server.request('POST', `/apps/${other.name}/releases`, { body: { slug: slugId }, token })
      assert.deepEqual([refused.status, refused.body.id], [403, 'forbidden'])
      assert.equal((await server.request('GET', `/apps/${other.name}/releases`, { headers: { Range: 'version ..; order=desc,max=1' } })).body[0].version, 2, 'no release was made')
      const unknown = await server.request('POST', `/apps/${other.name}/releases`, { body: { slug: randomUUID() }, token })
      assert.equal(unknown.status, 404)
    })
  })
}
