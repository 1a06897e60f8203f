import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { slugArchive } from '../support/slug-archive.js'
import { startTestServer, type TestServer } from '../support/test-server.js'
import { waitFor } from '../support/wait-for.js'

// Capability URLs (slug archives, sources, build and release output, log sessions) carry their
// authorization in the URL. Each grants one method on one object, expires, and works only while the
// account it was issued to (through the API token it was issued to) still has access.

const put = (url: string, body: Buffer) => fetch(url, { method: 'PUT', body, headers: { 'Content-Type': '' } })
const errorId = async (response: Response) => ((await response.json()) as { id: string }).id

/** Reads a streaming response in the background and says whether it has ended. */
function readToEnd(response: Response): { done: Promise<string>; ended: () => boolean } {
  let ended = false
  const done = response.text().then((text) => {
    ended = true
    return text
  })
  return { done, ended: () => ended }
}

describe('capability URLs', () => {
  let server: TestServer
  let mallory: string
  let slugPutUrl: string
  let slugGetUrl: string
  let slugId: string

  const as = (token: string) => ({ token })

  before(async () => {
    server = await startTestServer()
    mallory = await server.createUser('mallory@example.com')
    await server.request('POST', '/apps', { body: { name: 'caps' } })
    assert.equal((await server.request('POST', '/apps/caps/collaborators', { body: { user: 'mallory@example.com' } })).status, 201)
    const slug = await server.request('POST', '/apps/caps/slugs', { body: { process_types: { web: 'sh ./serve.sh' } } })
    slugId = slug.body.id
    slugPutUrl = slug.body.blob.url
    assert.equal((await put(slugPutUrl, slugArchive('procfile-shell'))).status, 200)
    slugGetUrl = (await server.request('GET', `/apps/caps/slugs/${slugId}`)).body.blob.url
  })
  after(async () => server?.close())

  it('a slug download URL cannot upload, and an upload URL cannot download', async () => {
    assert.notEqual(slugGetUrl, slugPutUrl)
    const overwrite = await put(slugGetUrl, Buffer.from('not a slug'))
    assert.deepEqual([overwrite.status, await errorId(overwrite)], [404, 'not_found'])
    const download = await fetch(slugPutUrl)
    assert.deepEqual([download.status, await errorId(download)], [404, 'not_found'])
    const archive = await fetch(slugGetUrl)
    assert.equal(archive.status, 200)
    assert.deepEqual(Buffer.from(await archive.arrayBuffer()), slugArchive('procfile-shell'))
  })

  it('a source put_url only uploads and its get_url only downloads', async () => {
    const { source_blob: source } = (await server.request('POST', '/sources')).body
    assert.notEqual(source.get_url, source.put_url)
    assert.equal((await put(source.get_url, Buffer.from('x'))).status, 404)
    assert.equal((await put(source.put_url, Buffer.from('source bytes'))).status, 200)
    assert.equal((await fetch(source.put_url)).status, 404)
    assert.equal(await (await fetch(source.get_url)).text(), 'source bytes')
  })

  it('a token for one slug opens no other slug, and a tampered token opens nothing', async () => {
    const other = (await server.request('POST', '/apps/caps/slugs', { body: { process_types: { web: 'x' } } })).body
    const stolen = new URL(other.blob.url).searchParams.get('token')!
    const elsewhere = new URL(slugPutUrl)
    elsewhere.searchParams.set('token', stolen)
    assert.equal((await put(elsewhere.toString(), Buffer.from('x'))).status, 404)
    const tampered = new URL(other.blob.url)
    const token = tampered.searchParams.get('token')!
    for (const bad of [token.slice(0, -1), token.replace(/^v\d+/, 'v0'), `${token}x`, token.split('.').reverse().join('.'), '']) {
      tampered.searchParams.set('token', bad)
      const response = await put(tampered.toString(), Buffer.from('x'))
      assert.deepEqual([response.status, await errorId(response)], [404, 'not_found'], bad)
    }
  })

  it("a removed collaborator's URLs stop working at once: slug upload and download, sources, logs", async () => {
    await server.request('POST', '/apps', { body: { name: 'victim' } })
    await server.request('POST', '/apps/victim/collaborators', { body: { user: 'mallory@example.com' } })
    const slug = (await server.request('POST', '/apps/victim/slugs', { body: { process_types: { web: 'sh ./serve.sh' } } })).body
    const malloryPut = (await server.request('POST', '/apps/victim/slugs', { ...as(mallory), body: { process_types: { web: 'sh ./serve.sh' } } })).body.blob.url
    assert.equal((await put(slug.blob.url, slugArchive('procfile-shell'))).status, 200)
    const malloryGet = (await server.request('GET', `/apps/victim/slugs/${slug.id}`, as(mallory))).body.blob.url
    const logs = (await server.request('POST', '/apps/victim/log-sessions', { ...as(mallory), body: {} })).body.logplex_url
    const source = (await server.request('POST', '/sources', as(mallory))).body.source_blob
    assert.equal((await fetch(malloryGet)).status, 200)
    assert.equal((await fetch(logs)).status, 200)

    assert.equal((await server.request('DELETE', '/apps/victim/collaborators/mallory@example.com')).status, 200)
    for (const [what, response] of [
      ['slug upload', await put(malloryPut, slugArchive('node-basic'))],
      ['slug download', await fetch(malloryGet)],
      ['log session', await fetch(logs)],
    ] as const) {
      assert.deepEqual([response.status, await errorId(response)], [404, 'not_found'], what)
    }
    // A source belongs to no app: it stays usable by its account, who still exists.
    assert.equal((await put(source.put_url, Buffer.from('mine'))).status, 200)
  })

  it('deleting the API token a URL was issued through revokes the URL', async () => {
    const second = (await server.request('POST', '/oauth/authorizations', { ...as(mallory), body: { description: 'laptop' } })).body
    const laptop = second.access_token.token as string
    const viaLaptop = (await server.request('GET', `/apps/caps/slugs/${slugId}`, as(laptop))).body.blob.url
    const viaMain = (await server.request('GET', `/apps/caps/slugs/${slugId}`, as(mallory))).body.blob.url
    const source = (await server.request('POST', '/sources', as(laptop))).body.source_blob
    assert.equal((await fetch(viaLaptop)).status, 200)
    assert.equal((await server.request('DELETE', '/oauth/authorizations/~', as(laptop))).status, 200)
    assert.equal((await fetch(viaLaptop)).status, 404)
    assert.equal((await put(source.put_url, Buffer.from('x'))).status, 404)
    assert.equal((await fetch(viaMain)).status, 200, 'URLs issued through other tokens still work')
  })

  it('a log tail ends soon after its reader loses access to the app', async () => {
    await server.request('POST', '/apps', { body: { name: 'tailed' } })
    await server.request('POST', '/apps/tailed/collaborators', { body: { user: 'mallory@example.com' } })
    const url = (await server.request('POST', '/apps/tailed/log-sessions', { ...as(mallory), body: { tail: true } })).body.logplex_url
    const sse = readToEnd(await fetch(url, { headers: { Accept: 'text/event-stream' } }))
    const plain = readToEnd(await fetch(url))
    assert.equal(sse.ended() || plain.ended(), false)
    const removedAt = Date.now()
    await server.request('DELETE', '/apps/tailed/collaborators/mallory@example.com')
    await waitFor(() => sse.ended() && plain.ended(), { timeoutMs: 15_000, what: 'the tails to end' })
    assert.ok(Date.now() - removedAt < 15_000)
    assert.equal((await fetch(url)).status, 404, 'and it cannot be reopened')
  })

  it('release and build output URLs are capability URLs too, revoked with access', async () => {
    await server.request('POST', '/apps', { body: { name: 'outputs' } })
    await server.request('POST', '/apps/outputs/collaborators', { body: { user: 'mallory@example.com' } })
    const slug = (await server.request('POST', '/apps/outputs/slugs', { ...as(mallory), body: { process_types: { web: 'sh ./serve.sh', release: 'echo migrated' } } })).body
    assert.equal((await put(slug.blob.url, slugArchive('procfile-shell'))).status, 200)
    const release = await server.request('POST', '/apps/outputs/releases', { ...as(mallory), body: { slug: slug.id } })
    assert.equal(release.status, 201, JSON.stringify(release.body))
    const releaseOutput = release.body.output_stream_url as string
    assert.match(await (await fetch(releaseOutput)).text(), /migrated/)

    const source = (await server.request('POST', '/sources', as(mallory))).body.source_blob
    assert.equal((await put(source.put_url, slugArchive('procfile-shell'))).status, 200)
    const build = await server.request('POST', '/apps/outputs/builds', { ...as(mallory), body: { source_blob: { url: source.get_url, version: 'abc' } } })
    assert.equal(build.status, 201, JSON.stringify(build.body))
    const buildOutput = build.body.output_stream_url as string
    await waitFor(async () => (await server.request('GET', `/apps/outputs/builds/${build.body.id}`)).body.status !== 'pending', { timeoutMs: 60_000, what: 'the build' })
    const followed = await fetch(buildOutput)
    assert.equal(followed.status, 200, 'no Authorization needed: the URL carries it')
    assert.match(await followed.text(), /Procfile|Released|Build/)

    await server.request('DELETE', '/apps/outputs/collaborators/mallory@example.com')
    assert.equal((await fetch(releaseOutput)).status, 404)
    assert.equal((await fetch(buildOutput)).status, 404)
  })
})

describe('capability URLs expire', () => {
  let server: TestServer
  before(async () => { server = await startTestServer({ env: { BERTH_CAPABILITY_TTL: '1' } }) })
  after(async () => server?.close())

  it('refuses a URL once its lifetime (BERTH_CAPABILITY_TTL) is over', async () => {
    await server.request('POST', '/apps', { body: { name: 'brief' } })
    const slug = (await server.request('POST', '/apps/brief/slugs', { body: { process_types: { web: 'x' } } })).body
    const source = (await server.request('POST', '/sources')).body.source_blob
    const logs = (await server.request('POST', '/apps/brief/log-sessions', { body: {} })).body.logplex_url
    assert.equal((await put(source.put_url, Buffer.from('x'))).status, 200)
    assert.equal((await put(slug.blob.url, Buffer.from('x'))).status, 200)
    await waitFor(async () => (await fetch(logs)).status === 404, { timeoutMs: 5000, what: 'the log session to expire' })
    assert.equal((await put(slug.blob.url, Buffer.from('x'))).status, 404)
    assert.equal((await put(source.put_url, Buffer.from('x'))).status, 404)
    assert.equal((await fetch(source.get_url)).status, 404)
  })
})
