import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { BlobTooLargeError, type BlobStore } from './blob-store.js'

async function text(stream: Readable | null): Promise<string | null> {
  if (!stream) return null
  let out = ''
  for await (const chunk of stream) out += chunk
  return out
}

/** The suite every BlobStore passes unchanged. */
export function runBlobStoreContract(name: string, open: () => Promise<{ store: BlobStore; cleanup(): Promise<void> }>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore
    let cleanup: () => Promise<void>
    before(async () => ({ store, cleanup } = await open()))
    after(async () => cleanup())

    it('stores a stream and reports its size and sha256', async () => {
      const body = 'slug bytes '.repeat(1000)
      const stored = await store.put('slugs/abc.tgz', Readable.from([body.slice(0, 100), body.slice(100)]))
      assert.deepEqual(stored, { sizeBytes: body.length, sha256: createHash('sha256').update(body).digest('hex') })
      assert.equal(await text(await store.get('slugs/abc.tgz')), body)
      assert.equal(await store.exists('slugs/abc.tgz'), true)
    })

    it('answers null and false for missing blobs, and deletes idempotently', async () => {
      assert.equal(await store.get('slugs/missing.tgz'), null)
      assert.equal(await store.exists('slugs/missing.tgz'), false)
      await store.put('slugs/gone.tgz', Buffer.from('x'))
      await store.delete('slugs/gone.tgz')
      await store.delete('slugs/gone.tgz')
      assert.equal(await store.exists('slugs/gone.tgz'), false)
    })

    it('refuses a blob over its size limit and leaves nothing behind', async () => {
      await assert.rejects(store.put('sources/big.tgz', Buffer.alloc(2048), { maxBytes: 1024 }), BlobTooLargeError)
      assert.equal(await store.exists('sources/big.tgz'), false)
    })

    it('refuses keys that could escape the store', async () => {
      for (const key of ['../x', 'slugs/../../x', '/etc/passwd', 'Slugs/X']) {
        await assert.rejects(store.put(key, Buffer.from('x')), /invalid blob key/, key)
      }
    })
  })
}
