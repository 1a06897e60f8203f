import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { slugArchive } from '../support/slug-archive.js'
import { startTestServer, type TestServer } from '../support/test-server.js'
import { routerGet } from '../support/router-client.js'

// A slug is what a release runs. Once released it must never change: an upload over a live slug
// would run someone else's code with the app's secrets at the next restart.

const put = (url: string, body: Buffer) => fetch(url, { method: 'PUT', body })
const sha256 = (bytes: Buffer) => `SHA256:${createHash('sha256').update(bytes).digest('hex')}`

describe('slug archives are write-once', () => {
  let server: TestServer
  const original = slugArchive('procfile-shell')
  const attacker = slugArchive('node-basic')

  before(async () => {
    server = await startTestServer()
    await server.request('POST', '/apps', { body: { name: 'immutable' } })
  })
  after(async () => server?.close())

  const newSlug = async (extra: Record<string, unknown> = {}) =>
    (await server.request('POST', '/apps/immutable/slugs', { body: { process_types: { web: 'sh ./serve.sh' }, ...extra } })).body

  it('refuses an upload over a released slug with its still-valid upload URL, and keeps serving the released code', async () => {
    const slug = await newSlug()
    assert.equal((await put(slug.blob.url, original)).status, 200)
    const release = await server.request('POST', '/apps/immutable/releases', { body: { slug: slug.id } })
    assert.equal(release.status, 201)
    const response = await put(slug.blob.url, attacker)
    assert.equal(response.status, 409)
    const body = (await response.json()) as { id: string; message: string }
    assert.equal(body.id, 'conflict')
    assert.match(body.message, /released.*cannot change|cannot change.*released/i)
    const download = (await server.request('GET', `/apps/immutable/slugs/${slug.id}`)).body.blob.url
    assert.deepEqual(Buffer.from(await (await fetch(download)).arrayBuffer()), original)
    assert.equal((await server.request('GET', `/apps/immutable/slugs/${slug.id}`)).body.checksum, sha256(original))
    const served = await routerGet(server.routerUrl, 'immutable.localhost')
    assert.equal(served.body, 'shell app\n')
  })

  it('keeps the first complete upload: the same bytes again are fine, other bytes are refused', async () => {
    const slug = await newSlug()
    assert.equal((await put(slug.blob.url, original)).status, 200)
    assert.equal((await put(slug.blob.url, original)).status, 200, 'a retry of the same archive succeeds')
    const replaced = await put(slug.blob.url, attacker)
    assert.equal(replaced.status, 409)
    assert.equal((await server.request('GET', `/apps/immutable/slugs/${slug.id}`)).body.checksum, sha256(original))
  })

  it('refuses an upload that does not match the checksum the slug was created with', async () => {
    const slug = await newSlug({ checksum: sha256(original) })
    const wrong = await put(slug.blob.url, attacker)
    assert.equal(wrong.status, 422)
    assert.match(((await wrong.json()) as { message: string }).message, /checksum/)
    assert.equal((await put(slug.blob.url, original)).status, 200)
    const malformed = await server.request('POST', '/apps/immutable/slugs', { body: { process_types: { web: 'x' }, checksum: 'md5:abc' } })
    assert.equal(malformed.status, 422)
  })

  it('refuses to release a slug whose archive was never uploaded', async () => {
    const slug = await newSlug()
    const release = await server.request('POST', '/apps/immutable/releases', { body: { slug: slug.id } })
    assert.equal(release.status, 422)
    assert.match(release.body.message, /archive/)
    assert.equal((await put(slug.blob.url, original)).status, 200, 'the slug can still be uploaded and released afterwards')
  })
})
