import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { API_ROUTES, fillPath } from '../support/api-routes.js'
import { startTestServer, type TestServer } from '../support/test-server.js'

const OTHER_PARAMS: Record<string, string> = { release: 'v2', type: 'web', dyno: 'web.1', addon: 'cache', collaborator: 'x@example.com', hostname: 'www.example.com', build: '00000000-0000-0000-0000-000000000000', slug: '00000000-0000-0000-0000-000000000000', drain: 'd.x' }

// A stranger used to get 403 for an app that exists and 404 for one that does not, which told
// them which names (and ids) are taken. Every app route now answers a stranger exactly as it
// answers for a missing app; the same goes for add-ons and git.
describe('strangers cannot tell whether an app or add-on exists', () => {
  let server: TestServer
  let stranger: string
  let collaborator: string
  let owner: string
  let hiddenId: string
  let addonName: string
  before(async () => {
    server = await startTestServer()
    owner = await server.createUser('owner@example.com')
    stranger = await server.createUser('stranger@example.com')
    collaborator = await server.createUser('collab@example.com')
    hiddenId = (await server.request('POST', '/apps', { token: owner, body: { name: 'hidden' } })).body.id
    assert.equal((await server.request('POST', '/apps/hidden/collaborators', { token: owner, body: { user: 'collab@example.com' } })).status, 201)
    const addon = await server.request('POST', '/apps/hidden/addons', { token: owner, body: { plan: 'berth-redis' } })
    assert.equal(addon.status, 201, JSON.stringify(addon.body))
    addonName = addon.body.name
  })
  after(async () => {
    await server.request('DELETE', `/apps/hidden/addons/${addonName}`, { token: owner })
    await server.close()
  })

  const answer = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await server.request(method, path, { token, body: body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}) })
    return { status: response.status, body: response.body }
  }

  it('answers every app route for an existing app exactly as for a missing one, by name and by id', async () => {
    for (const route of API_ROUTES.filter((r) => r.includes(':app'))) {
      for (const [existing, missing] of [['hidden', 'no-such-app'], [hiddenId, '3f0c43a8-0000-4000-8000-000000000000']]) {
        const there = fillPath(route, (p) => (p === 'app' ? existing! : OTHER_PARAMS[p]!))
        const absent = fillPath(route, (p) => (p === 'app' ? missing! : OTHER_PARAMS[p]!))
        const [a, b] = [await answer(there.method, there.path, stranger), await answer(absent.method, absent.path, stranger)]
        assert.deepEqual(a, b, `${route} as a stranger`)
        // A route that refuses a malformed body before looking the app up answers 422 for both.
        if (a.status !== 422) assert.deepEqual(a, { status: 404, body: { id: 'not_found', message: "Couldn't find that app.", resource: 'app' } }, route)
      }
    }
  })

  it('answers git the same for an existing and a missing repository', async () => {
    const basic = { Authorization: `Basic ${Buffer.from(`x:${stranger}`).toString('base64')}` }
    const get = async (repo: string) => {
      const response = await fetch(`${server.apiUrl}/${repo}.git/info/refs?service=git-upload-pack`, { headers: basic })
      return { status: response.status, body: await response.text() }
    }
    assert.deepEqual(await get('hidden'), await get('no-such-app'))
    assert.equal((await get('hidden')).status, 404)
  })

  it('answers add-on lookups the same for another account\'s add-on and a missing one', async () => {
    assert.deepEqual(await answer('GET', `/addons/${addonName}`, stranger), await answer('GET', '/addons/redis-missing-12345', stranger))
    assert.deepEqual(await answer('GET', `/addons/${addonName}/addon-attachments`, stranger), await answer('GET', '/addons/redis-missing-12345/addon-attachments', stranger))
    assert.deepEqual(
      await answer('POST', '/actions/addons/resolve', stranger, { addon: addonName }),
      await answer('POST', '/actions/addons/resolve', stranger, { addon: 'redis-missing-12345' }),
    )
    assert.equal((await answer('GET', `/addons/${addonName}`, stranger)).status, 404)
  })

  it('tells only the owner whether an email has an account when adding a collaborator', async () => {
    for (const token of [stranger, collaborator]) {
      const known = await answer('POST', '/apps/hidden/collaborators', token, { user: 'owner@example.com' })
      const unknown = await answer('POST', '/apps/hidden/collaborators', token, { user: 'nobody@example.com' })
      assert.deepEqual(known, unknown)
      assert.ok([403, 404].includes(known.status))
    }
    // Heroku compat: the owner is told that no account has the email.
    const unknown = await answer('POST', '/apps/hidden/collaborators', owner, { user: 'nobody@example.com' })
    assert.deepEqual([unknown.status, unknown.body.resource], [404, 'user'])
  })

  it('still tells a collaborator what only the owner may do', async () => {
    assert.deepEqual(await answer('DELETE', '/apps/hidden', collaborator), { status: 403, body: { id: 'forbidden', message: 'Only the app owner can do that.' } })
  })
})
