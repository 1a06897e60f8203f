import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { APP_NAME_PATTERN } from '../core/apps/app-name.js'
import { startTestServer, type TestServer } from '../../test/support/test-server.js'
import { uploadSlugArchive } from '../../test/support/slug-archive.js'

describe('apps API', () => {
  let server: TestServer
  let devKey: string
  let otherKey: string
  before(async () => {
    server = await startTestServer()
    devKey = await server.createUser('dev@example.com')
    otherKey = await server.createUser('other@example.com')
  })
  after(async () => server.close())

  it('creates an app with the Heroku shape and v1, v2 releases', async () => {
    const created = await server.request('POST', '/apps', { token: devKey, body: { name: 'shape-demo' } })
    assert.equal(created.status, 201)
    const app = created.body
    assert.equal(app.name, 'shape-demo')
    assert.equal(app.create_status, 'complete')
    assert.equal(app.owner.email, 'dev@example.com')
    assert.equal(app.web_url, `http://shape-demo.localhost:${new URL(server.routerUrl).port}/`)
    // Heroku compat: the https URL the official CLI writes for an http HEROKU_HOST (TLS shares the API port).
    assert.equal(app.git_url, `https://${new URL(server.apiUrl).host}/shape-demo.git`)
    assert.deepEqual(app.region, { id: '0d3b9d0e-6a3c-4f57-8f4e-1b2a7f9c5e60', name: 'us' })
    assert.equal(app.maintenance, false)
    assert.match(app.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.deepEqual(Object.keys(app.stack).sort(), ['id', 'name'])
    const releases = await server.request('GET', '/apps/shape-demo/releases', { token: devKey })
    assert.deepEqual(releases.body.map((r: any) => [r.version, r.description, r.current]), [[1, 'Initial release', false], [2, 'Enable Logplex', true]])
  })

  it("keeps Heroku's region names as labels and lists them at /regions", async () => {
    const eu = await server.request('POST', '/apps', { token: devKey, body: { name: 'in-europe', region: 'eu' } })
    assert.equal(eu.status, 201)
    assert.equal(eu.body.region.name, 'eu')
    assert.equal((await server.request('GET', '/apps/in-europe', { token: devKey })).body.region.name, 'eu')
    const mars = await server.request('POST', '/apps', { token: devKey, body: { name: 'on-mars', region: 'mars' } })
    assert.deepEqual([mars.status, mars.body.message], [422, 'Unknown region mars. Regions: us, eu (labels: every app runs on this Berth installation).'])
    const regions = await server.request('GET', '/regions', { token: devKey })
    assert.deepEqual(regions.body.map((r: any) => [r.name, r.description, r.private_capable]), [['us', 'United States', false], ['eu', 'Europe', false]])
    assert.equal((await server.request('GET', `/regions/${eu.body.region.id}`, { token: devKey })).body.name, 'eu')
    assert.equal((await server.request('GET', '/regions/mars', { token: devKey })).status, 404)
  })

  it("keeps Heroku's stack names, lists them at /stacks, and sets the next build's stack", async () => {
    const created = await server.request('POST', '/apps', { token: devKey, body: { name: 'on-24', stack: 'heroku-24' } })
    assert.equal(created.status, 201)
    assert.deepEqual([created.body.stack.name, created.body.build_stack.name], ['heroku-24', 'heroku-24'])
    assert.equal((await server.request('POST', '/apps', { token: devKey, body: { name: 'plain' } })).body.stack.name, 'berth-24')
    const cedar = await server.request('POST', '/apps', { token: devKey, body: { name: 'on-cedar', stack: 'cedar-14' } })
    assert.deepEqual([cedar.status, cedar.body.message], [422, 'Stack not found: cedar-14. Available stacks: berth-24, heroku-22, heroku-24.'])
    const stacks = (await server.request('GET', '/stacks', { token: devKey })).body
    assert.deepEqual(stacks.map((s: any) => [s.name, s.state, s.default]), [['berth-24', 'active', true], ['heroku-22', 'active', false], ['heroku-24', 'active', false]])
    assert.deepEqual(Object.keys(stacks[0]).sort(), ['created_at', 'default', 'id', 'name', 'state', 'updated_at'])
    assert.equal((await server.request('GET', `/stacks/${created.body.stack.id}`, { token: devKey })).body.name, 'heroku-24')
    assert.equal((await server.request('GET', '/stacks/cedar-14', { token: devKey })).status, 404)
    // Heroku compat: an app never deployed moves at once; a deployed one keeps its stack until a build on the new one.
    const moved = await server.request('PATCH', '/apps/on-24', { token: devKey, body: { build_stack: 'heroku-22' } })
    assert.deepEqual([moved.body.stack.name, moved.body.build_stack.name], ['heroku-22', 'heroku-22'])
    const slug = await server.request('POST', '/apps/on-24/slugs', { token: devKey, body: { process_types: { web: 'node server.js' } } })
    assert.deepEqual(slug.body.stack, moved.body.stack)
    await uploadSlugArchive(slug.body.blob.url, 'node-basic')
    await server.request('POST', '/apps/on-24/releases', { token: devKey, body: { slug: slug.body.id } })
    const next = await server.request('PATCH', '/apps/on-24', { token: devKey, body: { build_stack: 'berth-24' } })
    assert.deepEqual([next.body.stack.name, next.body.build_stack.name], ['heroku-22', 'berth-24'])
    assert.equal((await server.request('PATCH', '/apps/on-24', { token: devKey, body: { build_stack: 'cedar-14' } })).status, 422)
  })

  it("reports the repository's and the current slug's sizes for one app, and null in lists", async () => {
    await server.request('POST', '/apps', { token: devKey, body: { name: 'sized' } })
    const before = (await server.request('GET', '/apps/sized', { token: devKey })).body
    assert.deepEqual([before.repo_size, before.slug_size], [0, null])
    const slug = await server.request('POST', '/apps/sized/slugs', { token: devKey, body: { process_types: { web: 'node server.js' } } })
    await uploadSlugArchive(slug.body.blob.url, 'node-basic')
    await server.request('POST', '/apps/sized/releases', { token: devKey, body: { slug: slug.body.id } })
    const stored = (await server.request('GET', `/apps/sized/slugs/${slug.body.id}`, { token: devKey })).body
    const after = (await server.request('GET', '/apps/sized', { token: devKey })).body
    assert.ok(stored.size > 0)
    assert.equal(after.slug_size, stored.size)
    const listed = (await server.request('GET', '/users/~/apps', { token: devKey })).body.find((a: any) => a.name === 'sized')
    assert.deepEqual([listed.repo_size, listed.slug_size], [null, null])
  })

  it('generates a name when none is given', async () => {
    const created = await server.request('POST', '/apps', { token: devKey, body: {} })
    assert.equal(created.status, 201)
    assert.match(created.body.name, APP_NAME_PATTERN)
    assert.match(created.body.name, /^[a-z]+-[a-z]+-\d{4}$/)
  })

  it('refuses bad and taken names with invalid_params', async () => {
    for (const name of ['UPPER', 'a', 'ends-with-', 'has_underscore']) {
      const response = await server.request('POST', '/apps', { token: devKey, body: { name } })
      assert.equal(response.status, 422, name)
      assert.equal(response.body.id, 'invalid_params')
    }
    await server.request('POST', '/apps', { token: devKey, body: { name: 'taken-name' } })
    const taken = await server.request('POST', '/apps', { token: otherKey, body: { name: 'taken-name' } })
    assert.deepEqual([taken.status, taken.body.message], [422, 'Name is already taken'])
    const wrongType = await server.request('POST', '/apps', { token: devKey, body: { name: 42 } })
    assert.deepEqual([wrongType.status, wrongType.body.id], [422, 'invalid_params'])
  })

  it('finds apps by name or id and answers unknown apps with not_found naming the resource', async () => {
    const { body: app } = await server.request('POST', '/apps', { token: devKey, body: { name: 'by-id' } })
    assert.equal((await server.request('GET', `/apps/${app.id}`, { token: devKey })).body.name, 'by-id')
    const missing = await server.request('GET', '/apps/no-such-app', { token: devKey })
    assert.equal(missing.status, 404)
    assert.deepEqual(missing.body, { id: 'not_found', message: "Couldn't find that app.", resource: 'app' })
  })

  it("answers other accounts about another's app exactly as about a missing one", async () => {
    await server.request('POST', '/apps', { token: devKey, body: { name: 'private-app' } })
    for (const [method, path] of [['GET', '/apps/private-app'], ['GET', '/apps/private-app/releases'], ['GET', '/apps/private-app/config-vars'], ['PATCH', '/apps/private-app/config-vars'], ['DELETE', '/apps/private-app']]) {
      const response = await server.request(method!, path!, { token: otherKey, body: method === 'PATCH' ? { A: '1' } : undefined })
      assert.equal(response.status, 404, `${method} ${path}`)
      assert.deepEqual(response.body, { id: 'not_found', message: "Couldn't find that app.", resource: 'app' })
    }
    const listed = await server.request('GET', '/users/~/apps', { token: otherKey })
    assert.ok(!listed.body.some((a: any) => a.name === 'private-app'))
  })

  it('lets collaborators work on an app but not destroy or rename it', async () => {
    await server.request('POST', '/apps', { token: devKey, body: { name: 'shared-app' } })
    const added = await server.request('POST', '/apps/shared-app/collaborators', { token: devKey, body: { user: 'other@example.com' } })
    assert.equal(added.status, 201)
    assert.equal(added.body.user.email, 'other@example.com')
    const collaborators = await server.request('GET', '/apps/shared-app/collaborators', { token: otherKey })
    assert.deepEqual(collaborators.body.map((c: any) => [c.user.email, c.role]).sort(), [['dev@example.com', 'owner'], ['other@example.com', 'collaborator']])
    assert.equal((await server.request('PATCH', '/apps/shared-app/config-vars', { token: otherKey, body: { A: '1' } })).status, 200)
    assert.ok((await server.request('GET', '/users/~/apps', { token: otherKey })).body.some((a: any) => a.name === 'shared-app'))
    assert.equal((await server.request('DELETE', '/apps/shared-app', { token: otherKey })).status, 403)
    assert.equal((await server.request('PATCH', '/apps/shared-app', { token: otherKey, body: { name: 'stolen' } })).status, 403)
    const unknownUser = await server.request('POST', '/apps/shared-app/collaborators', { token: devKey, body: { user: 'ghost@example.com' } })
    assert.equal(unknownUser.status, 404)
    const removed = await server.request('DELETE', '/apps/shared-app/collaborators/other@example.com', { token: devKey })
    assert.equal(removed.status, 200)
    assert.equal((await server.request('GET', '/apps/shared-app', { token: otherKey })).status, 404)
  })

  it('toggles maintenance, renames, and destroys', async () => {
    await server.request('POST', '/apps', { token: devKey, body: { name: 'life-cycle' } })
    const on = await server.request('PATCH', '/apps/life-cycle', { token: devKey, body: { maintenance: true } })
    assert.equal(on.body.maintenance, true)
    const badType = await server.request('PATCH', '/apps/life-cycle', { token: devKey, body: { maintenance: 'yes' } })
    assert.deepEqual([badType.status, badType.body.id], [422, 'invalid_params'])
    const renamed = await server.request('PATCH', '/apps/life-cycle', { token: devKey, body: { name: 'life-cycle-2' } })
    assert.equal(renamed.body.name, 'life-cycle-2')
    assert.equal((await server.request('GET', '/apps/life-cycle', { token: devKey })).status, 404)
    const destroyed = await server.request('DELETE', '/apps/life-cycle-2', { token: devKey })
    assert.equal(destroyed.status, 200)
    assert.equal((await server.request('GET', '/apps/life-cycle-2', { token: devKey })).status, 404)
  })

  it('lists every app for the admin at /apps and only your own at /users/~/apps, paging with Range', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await server.request('POST', '/apps', { token: otherKey, body: { name } })
    const all = await server.request('GET', '/apps')
    assert.ok(all.body.some((a: any) => a.name === 'page-a') && all.body.some((a: any) => a.name === 'shape-demo'))
    const first = await server.request('GET', '/users/~/apps', { token: otherKey, headers: { Range: 'name ..; max=2' } })
    assert.equal(first.status, 206)
    assert.deepEqual(first.body.map((a: any) => a.name), ['page-a', 'page-b'])
    const rest = await server.request('GET', '/users/~/apps', { token: otherKey, headers: { Range: first.headers.get('next-range')! } })
    assert.equal(rest.status, 200)
    assert.equal(rest.headers.get('next-range'), null)
    assert.ok(rest.body.every((a: any) => a.name > 'page-b'))
  })
})
