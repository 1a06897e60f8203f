import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { uploadSlugArchive } from '../support/slug-archive.js'
import { startTestServer, type TestServer } from '../support/test-server.js'

// Access to pipelines follows access to apps: a collaborator of staging alone sees the pipeline,
// but cannot promote to production, rename or destroy the pipeline, or touch production's coupling.
describe('pipeline access', () => {
  let server: TestServer
  before(async () => { server = await startTestServer() })
  after(async () => server.close())

  it('refuses a collaborator of staging only any promotion to production, and makes nothing', async () => {
    const owner = await server.createUser('pipe-owner@example.com')
    const dev = await server.createUser('pipe-dev@example.com')
    const stranger = await server.createUser('pipe-stranger@example.com')
    const app = async (name: string) => (await server.request('POST', '/apps', { body: { name }, token: owner })).body as { id: string; name: string }
    const [staging, production] = [await app('acl-staging'), await app('acl-production')]
    await server.request('POST', `/apps/${staging.name}/collaborators`, { body: { user: 'pipe-dev@example.com' }, token: owner })
    const slug = await server.request('POST', `/apps/${staging.name}/slugs`, { body: { process_types: { web: 'node server.js' } }, token: dev })
    await uploadSlugArchive(slug.body.blob.url, 'node-basic')
    assert.equal((await server.request('POST', `/apps/${staging.name}/releases`, { body: { slug: slug.body.id }, token: dev })).status, 201)
    const pipeline = (await server.request('POST', '/pipelines', { body: { name: 'acl-shop' }, token: owner })).body
    for (const [a, stage] of [[staging, 'staging'], [production, 'production']] as const) {
      assert.equal((await server.request('POST', '/pipeline-couplings', { body: { app: a.id, pipeline: pipeline.id, stage }, token: owner })).status, 201)
    }

    const body = { pipeline: { id: pipeline.id }, source: { app: { id: staging.id } }, targets: [{ app: { id: production.id } }] }
    const refused = await server.request('POST', '/pipeline-promotions', { body, token: dev })
    assert.deepEqual([refused.status, refused.body.id], [403, 'forbidden'])
    assert.match(refused.body.message, /acl-production/)
    const releases = await server.request('GET', `/apps/${production.name}/releases`, { token: owner })
    assert.deepEqual(releases.body.map((r: { version: number }) => r.version), [1, 2], 'production got no release')
    // Nor by copying the slug by hand.
    assert.equal((await server.request('POST', `/apps/${production.name}/releases`, { body: { slug: slug.body.id }, token: dev })).status, 404)

    // The collaborator sees the pipeline through staging, but it is the owner's to change.
    assert.equal((await server.request('GET', `/pipelines/${pipeline.id}`, { token: dev })).status, 200)
    assert.equal((await server.request('PATCH', `/pipelines/${pipeline.id}`, { body: { name: 'acl-mine' }, token: dev })).status, 403)
    assert.equal((await server.request('DELETE', `/pipelines/${pipeline.id}`, { token: dev })).status, 403)
    const productionCoupling = (await server.request('GET', `/apps/${production.name}/pipeline-couplings`, { token: owner })).body
    assert.equal((await server.request('DELETE', `/pipeline-couplings/${productionCoupling.id}`, { token: dev })).status, 404)
    assert.equal((await server.request('PATCH', `/pipeline-couplings/${productionCoupling.id}`, { body: { stage: 'review' }, token: dev })).status, 404)

    // Someone with no app in it learns nothing: not the pipeline, its couplings, or its promotions.
    for (const path of [`/pipelines/${pipeline.id}`, `/pipelines/${pipeline.name}`, `/pipelines/${pipeline.id}/pipeline-couplings`, `/pipeline-couplings/${productionCoupling.id}`]) {
      assert.equal((await server.request('GET', path, { token: stranger })).status, 404, path)
    }
    assert.deepEqual((await server.request('GET', '/pipelines', { token: stranger })).body, [])
    const strangerPromotes = await server.request('POST', '/pipeline-promotions', { body, token: stranger })
    assert.equal(strangerPromotes.status, 404)
  })
})
