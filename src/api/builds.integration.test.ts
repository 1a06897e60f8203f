import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { slugArchive } from '../../test/support/slug-archive.js'
import { startTestServer, type TestServer } from '../../test/support/test-server.js'
import { waitFor } from '../../test/support/wait-for.js'

describe('builds API', () => {
  let server: TestServer
  before(async () => { server = await startTestServer() })
  after(async () => server.close())

  /** Uploads the fixture as a source and builds it: the build as POST answered it, then as GET shows it finished. */
  const build = async (app: string, fixture: string) => {
    const source = (await server.request('POST', '/sources')).body.source_blob
    assert.equal((await fetch(source.put_url, { method: 'PUT', body: slugArchive(fixture), headers: { 'Content-Type': '' } })).status, 200)
    const created = await server.request('POST', `/apps/${app}/builds`, { body: { source_blob: { url: source.get_url, version: 'abc' } } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const finished = await waitFor(async () => {
      const { body } = await server.request('GET', `/apps/${app}/builds/${created.body.id}`)
      return body.status === 'pending' ? null : body
    }, { timeoutMs: 60_000, what: 'the build to finish' })
    return { created: created.body, finished }
  }

  it("reports the stack each build ran on: the app's build stack when it was made, not Berth's default", async () => {
    assert.equal((await server.request('POST', '/apps', { body: { name: 'on-22', stack: 'heroku-22' } })).status, 201)
    const first = await build('on-22', 'procfile-shell')
    assert.equal(first.created.stack, 'heroku-22', 'the pending build says it already')
    assert.deepEqual([first.finished.status, first.finished.stack], ['succeeded', 'heroku-22'])
    const output = (await server.request('GET', `/apps/on-22/builds/${first.created.id}/output`)).body as string
    assert.match(output, /Building on the Heroku-22 stack/)

    assert.equal((await server.request('PATCH', '/apps/on-22', { body: { build_stack: 'heroku-24' } })).status, 200)
    const second = await build('on-22', 'procfile-shell')
    assert.deepEqual([second.finished.status, second.finished.stack], ['succeeded', 'heroku-24'])
    const listed = (await server.request('GET', '/apps/on-22/builds')).body as { id: string; stack: string }[]
    assert.deepEqual(listed.map((b) => [b.id, b.stack]), [[first.created.id, 'heroku-22'], [second.created.id, 'heroku-24']])
    const slug = (await server.request('GET', `/apps/on-22/slugs/${second.finished.slug.id}`)).body
    assert.equal(slug.stack.name, 'heroku-24', 'the slug records the same stack')
  })
})
