import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { describe, it } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { parallelGzip } from './parallel-gzip.js'

const compress = (input: Buffer, options: { chunkBytes?: number; maxInFlight?: number } = {}) => {
  // Fed in odd-sized writes, as a child's stdout arrives.
  const pieces = Array.from({ length: Math.ceil(input.length / 7001) }, (_, i) => input.subarray(i * 7001, (i + 1) * 7001))
  return buffer(Readable.from(pieces).pipe(parallelGzip({ level: 1, ...options })))
}

describe('parallelGzip', () => {
  const input = Buffer.concat([randomBytes(150_000), Buffer.alloc(200_000, 'slug '), randomBytes(33_333)])

  it('writes one gzip stream that gunzip and Node read back whole, in order', async () => {
    const packed = await compress(input, { chunkBytes: 64 * 1024, maxInFlight: 2 })
    assert.deepEqual(gunzipSync(packed), input)
    const gunzip = spawnSync('gzip', ['-dc'], { input: packed, maxBuffer: 1 << 24 })
    assert.equal(gunzip.status, 0)
    assert.deepEqual(gunzip.stdout, input)
  })

  it('compresses what compresses', async () => {
    const packed = await compress(Buffer.alloc(1 << 20, 'slug '), { chunkBytes: 256 * 1024 })
    assert.ok(packed.length < 20_000, `${packed.length} bytes`)
  })

  it('writes a valid empty stream for no input', async () => {
    assert.deepEqual(gunzipSync(await compress(Buffer.alloc(0))), Buffer.alloc(0))
  })
})
