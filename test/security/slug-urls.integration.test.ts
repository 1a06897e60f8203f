import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Readable } from 'node:stream'
import { SlugServer, type SlugArchives } from '../../src/scheduler/swarm/slug-server.js'

// Swarm dynos on other machines fetch their slug from a capability URL (ADR 0012): the URL is the
// only authorization, so it must name one slug, work for GET only, expire, and be unforgeable. Every
// refusal reads the same, so a URL never tells anyone why it stopped working.

const TTL_MS = 60_000
const GONE = 'No such slug.\n'

/** Holds one archive, and counts how often it was asked for one. */
function memoryArchives(): SlugArchives & { reads: number } {
  return {
    reads: 0,
    async get(id) {
      this.reads++
      return id === 'known-slug' ? Readable.from(Buffer.from('archive bytes')) : null
    },
    async runtime(ref) {
      return ref === 'node@18.20.8' ? Readable.from(Buffer.from('runtime bytes')) : null
    },
  }
}

/** The same URL with one query parameter replaced (or removed, for null). */
function withParam(url: string, name: string, value: string | null): string {
  const changed = new URL(url)
  if (value === null) changed.searchParams.delete(name)
  else changed.searchParams.set(name, value)
  return changed.toString()
}

/** The same URL asking for another slug id, with the first slug's expiry and signature. */
const withSlugId = (url: string, slugId: string) => url.replace('/slugs/known-slug?', `/slugs/${slugId}?`)

async function refused(url: string): Promise<string> {
  const response = await fetch(url)
  const body = await response.text()
  assert.equal(response.status, 404, `${url} should be refused`)
  return body
}

describe('slug URLs', () => {
  let clockMs = Date.UTC(2024, 0, 1)
  const archives = memoryArchives()
  let server: SlugServer
  let other: SlugServer

  before(async () => {
    server = await SlugServer.listen({ host: '127.0.0.1', port: 0, archives, ttlMs: TTL_MS, now: () => clockMs })
    other = await SlugServer.listen({ host: '127.0.0.1', port: 0, archives, ttlMs: TTL_MS, now: () => clockMs })
  })
  after(async () => {
    await server?.close()
    await other?.close()
  })

  it('keeps slug and runtime URLs apart: a signature for one kind does not open the other', async () => {
    const runtime = server.runtimeUrl('node@18.20.8')
    assert.equal((await fetch(runtime)).status, 200)
    assert.equal(await refused(runtime.replace('/runtimes/', '/slugs/')), GONE)
    assert.equal(await refused(server.url('known-slug').replace('/slugs/', '/runtimes/')), GONE)
    assert.throws(() => server.runtimeUrl('node@18'), /not a runtime/)
    assert.throws(() => server.runtimeUrl('../node@18.20.8'), /not a runtime/)
  })

  it('serves the archive to a GET of its URL', async () => {
    const response = await fetch(server.url('known-slug'))
    assert.equal(response.status, 200)
    assert.equal(await response.text(), 'archive bytes')
  })

  it('refuses every other method with 405 and Allow: GET, without reading the archive', async () => {
    const url = server.url('known-slug')
    const readsBefore = archives.reads
    for (const method of ['PUT', 'POST', 'DELETE', 'HEAD']) {
      const body = method === 'PUT' || method === 'POST' ? 'new archive' : undefined
      const response = await fetch(url, { method, body })
      assert.equal(response.status, 405, method)
      assert.equal(response.headers.get('allow'), 'GET', method)
      assert.doesNotMatch(await response.text(), /archive bytes/, method)
    }
    assert.equal(archives.reads, readsBefore)
  })

  it('stops working once it expires', async () => {
    const url = server.url('known-slug')
    clockMs += TTL_MS - 1
    assert.equal((await fetch(url)).status, 200)
    clockMs += 2
    assert.equal(await refused(url), GONE)
  })

  it('refuses a tampered, truncated, lengthened, missing or borrowed signature, all with the same body', async () => {
    const url = server.url('known-slug')
    const signature = new URL(url).searchParams.get('signature')!
    assert.match(signature, /^[0-9a-f]{64}$/)
    const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0')
    const otherSlugUrl = server.url('other-slug')
    const bodies = await Promise.all([
      refused(withParam(url, 'signature', flipped)),
      refused(withParam(url, 'signature', signature.slice(0, -2))),
      refused(withParam(url, 'signature', `${signature}00`)),
      // Node's hex decoding stops at the first character that is not hex: these decoded to the real signature.
      refused(withParam(url, 'signature', `${signature}0`)),
      refused(withParam(url, 'signature', `${signature}zz`)),
      refused(withParam(url, 'signature', '')),
      refused(withParam(url, 'signature', null)),
      // A URL issued for one slug, pointed at another (and the other way round).
      refused(withSlugId(url, 'other-slug')),
      refused(otherSlugUrl.replace('/slugs/other-slug?', '/slugs/known-slug?')),
    ])
    assert.deepEqual(new Set(bodies), new Set([GONE]))
  })

  it('refuses a URL whose expiry was moved, later or earlier', async () => {
    const url = server.url('known-slug')
    const expires = Number(new URL(url).searchParams.get('expires'))
    assert.equal(await refused(withParam(url, 'expires', String(expires + 3_600_000))), GONE)
    assert.equal(await refused(withParam(url, 'expires', String(expires - 1))), GONE)
    assert.equal(await refused(withParam(url, 'expires', null)), GONE)
  })

  it('refuses slug ids that are not plain names, even with a signature made for them', async () => {
    const url = server.url('known-slug')
    for (const id of ['..%2Fknown-slug', '..%2F..%2Fetc%2Fpasswd', 'a/b', 'known-slug%00', '%6Bnown-slug']) {
      assert.equal(await refused(withSlugId(url, id)), GONE, id)
    }
    assert.equal(await refused(url.replace('/slugs/known-slug?', '/slugs/?')), GONE)
    assert.equal(await refused(url.replace('/slugs/known-slug?', '/known-slug?')), GONE)
  })

  it('issues no URL for an id that is not [\\w-]{1,64}', () => {
    for (const id of ['', 'a/b', '../x', '..%2Fx', 'a b', 'known-slug\n', 'x'.repeat(65), 'slug?expires=9']) {
      assert.throws(() => server.url(id), /not a slug id/, JSON.stringify(id))
    }
    assert.doesNotThrow(() => server.url('x'.repeat(64)))
  })

  it('signs with a key of its own: another server\'s URL does not work here', async () => {
    const theirs = new URL(other.url('known-slug'))
    assert.equal((await fetch(theirs)).status, 200)
    const ours = new URL(server.url('known-slug'))
    assert.notEqual(theirs.searchParams.get('signature'), ours.searchParams.get('signature'))
    theirs.port = ours.port
    assert.equal(await refused(theirs.toString()), GONE)
  })
})
