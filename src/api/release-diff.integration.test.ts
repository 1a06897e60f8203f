import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from '../../test/support/test-server.js'

describe('release diffs API', () => {
  let server: TestServer
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => server.request(method, path, { body, headers })
  before(async () => {
    server = await startTestServer()
    await api('POST', '/apps', { name: 'differ' })
    await api('PATCH', '/apps/differ/config-vars', { A: 'one', B: 'two' }) // v3
    await api('POST', '/apps/differ/addons', { plan: 'berth-redis' }) // v4
    await api('PATCH', '/apps/differ/config-vars', { B: 'three', A: null }) // v5
  })
  after(async () => {
    await api('DELETE', '/apps/differ')
    await server.close()
  })

  it('lists config keys, add-ons and the releases between, hiding values by default', async () => {
    const { status, body } = await api('GET', '/apps/differ/releases/v5/diff?from=v3')
    assert.equal(status, 200)
    assert.deepEqual([body.from.version, body.to.version], [3, 5])
    assert.deepEqual(body.config_vars, {
      added: [{ key: 'REDIS_KEY_PREFIX' }, { key: 'REDIS_URL' }], removed: [{ key: 'A' }], changed: [{ key: 'B' }],
    })
    assert.equal(body.values_shown, false)
    assert.deepEqual(body.addons, { added: ['berth-redis:dev'], removed: [] })
    assert.deepEqual(body.releases.map((r: any) => [r.version, r.user.email]), [[4, 'berth-redis@addons.berth.local'], [5, 'admin@example.com']])
    assert.doesNotMatch(JSON.stringify(body), /three|redis:\/\//)
  })

  it('shows values on request, defaults to the previous release, and diffs backwards', async () => {
    const shown = (await api('GET', '/apps/differ/releases/5/diff?from=3&show_values=true')).body
    assert.deepEqual(shown.config_vars.changed, [{ key: 'B', from: 'two', to: 'three' }])
    const previous = (await api('GET', '/apps/differ/releases/v5/diff')).body
    assert.equal(previous.from.version, 4)
    const back = (await api('GET', '/apps/differ/releases/v3/diff?from=v5')).body
    assert.deepEqual(back.addons, { added: [], removed: ['berth-redis:dev'] })
    assert.deepEqual(back.releases.map((r: any) => r.version), [4, 5])
    assert.equal(back.commits.direction, 'back')
  })

  it('answers unknown releases and strangers as the rest of the API does', async () => {
    assert.equal((await api('GET', '/apps/differ/releases/v99/diff')).status, 404)
    const stranger = await server.createUser('peeker@example.com')
    assert.equal((await server.request('GET', '/apps/differ/releases/v5/diff', { token: stranger })).status, 404)
  })
})
