import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { slugArchive } from '../support/slug-archive.js'
import { startTestServer, type TestServer } from '../support/test-server.js'
import { waitFor } from '../support/wait-for.js'

// `constructor`, `toString` and `hasOwnProperty` got a false "set by an attached add-on" 422, and
// `__proto__` vanished without a word. They are ordinary config var names now, end to end.
describe('config vars named after Object.prototype, end to end', () => {
  let server: TestServer
  let appId: string
  // JSON text, not object literals: `{__proto__: 'x'}` in JavaScript would set a prototype.
  const send = async (method: string, path: string, json: string) => {
    const response = await fetch(server.apiUrl + path, { method, body: json === '' ? undefined : json, headers: { Authorization: 'Bearer berth_test_admin_key_0123456789', 'Content-Type': 'application/json' } })
    const text = await response.text()
    return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> }
  }
  const keys = async () => Object.keys((await send('GET', '/apps/protos/config-vars', '')).body).sort()
  const ALL = ['__proto__', 'constructor', 'hasOwnProperty', 'toString']

  before(async () => {
    server = await startTestServer()
    appId = (await server.request('POST', '/apps', { body: { name: 'protos' } })).body.id
    const slug = (await server.request('POST', '/apps/protos/slugs', { body: { process_types: { worker: 'sleep 600' } } })).body
    assert.equal((await fetch(slug.blob.url, { method: 'PUT', body: slugArchive('procfile-shell') })).status, 200)
    assert.equal((await server.request('POST', '/apps/protos/releases', { body: { slug: slug.id } })).body.status, 'succeeded')
  })
  after(async () => server.close())

  it('sets, lists, unsets and rolls back `__proto__`, `constructor`, `toString` and `hasOwnProperty`', async () => {
    const set = await send('PATCH', '/apps/protos/config-vars', '{"constructor":"c","toString":"t","hasOwnProperty":"h","__proto__":"p"}')
    assert.equal(set.status, 200, set.text)
    assert.equal(set.text, '{"constructor":"c","toString":"t","hasOwnProperty":"h","__proto__":"p"}')
    const [setRelease] = (await server.request('GET', '/apps/protos/releases', { headers: { Range: 'version ..; order=desc, max=1' } })).body
    assert.equal(setRelease.description, 'Set constructor, toString, hasOwnProperty, __proto__ config vars')
    assert.deepEqual(await keys(), ALL)
    assert.equal((await send('GET', `/apps/protos/releases/${setRelease.version}/config-vars`, '')).text, set.text)

    // Unsetting names that are not set makes no release; unsetting `__proto__` removes it.
    assert.equal((await send('PATCH', '/apps/protos/config-vars', '{"valueOf":null,"isPrototypeOf":null}')).status, 200)
    const unset = await send('PATCH', '/apps/protos/config-vars', '{"__proto__":null,"toString":null}')
    assert.equal(unset.text, '{"constructor":"c","hasOwnProperty":"h"}')
    const diff = await server.request('GET', `/apps/protos/releases/v${setRelease.version + 1}/diff`)
    assert.deepEqual(diff.body.config_vars.removed.map((e: { key: string }) => e.key), ['__proto__', 'toString'])

    const rolledBack = await server.request('POST', '/apps/protos/releases', { body: { release: String(setRelease.version) } })
    assert.equal(rolledBack.status, 201)
    assert.deepEqual(await keys(), ALL)
  })

  it('hands every one of them to a dyno\'s environment', async () => {
    await send('PATCH', '/apps/protos/config-vars', '{"constructor":"c","toString":"t","hasOwnProperty":"h","__proto__":"p"}')
    const run = await server.request('POST', '/apps/protos/dynos', { body: { command: 'env | sort | grep -E "^(__proto__|constructor|hasOwnProperty|toString)="' } })
    assert.equal(run.status, 201, JSON.stringify(run.body))
    const printed = () => server.logs.recent(appId, 1500).filter((l) => l.process === run.body.name && l.source === 'app').map((l) => l.message)
    await waitFor(() => printed().length >= 4, { timeoutMs: 20_000, what: 'the one-off dyno to print its environment' })
    assert.deepEqual(printed(), ['__proto__=p', 'constructor=c', 'hasOwnProperty=h', 'toString=t'])
  })
})
