import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { SecretBox } from './secret-box.js'

describe('SecretBox', () => {
  it('round-trips values and never shows the plaintext', () => {
    const box = new SecretBox(randomBytes(32))
    const sealed = box.sealJson({ PASSWORD: 'hunter2' })
    assert.ok(!sealed.includes('hunter2'))
    assert.deepEqual(box.openJson(sealed), { PASSWORD: 'hunter2' })
    assert.notEqual(box.seal('same'), box.seal('same'), 'each seal uses a fresh IV')
  })

  it('refuses tampered values and other keys', () => {
    const box = new SecretBox(randomBytes(32))
    const sealed = box.seal('value')
    const parts = sealed.split('.')
    parts[3] = Buffer.from('other!').toString('base64url')
    assert.throws(() => box.open(parts.join('.')))
    assert.throws(() => new SecretBox(randomBytes(32)).open(sealed))
  })
})

describe('SecretBox digests', () => {
  it('are equal for equal values and differ by value and by key, showing neither', () => {
    const key = randomBytes(32)
    const box = new SecretBox(key)
    const url = 'https://user:hunter2@logs.example.com/ingest'
    assert.equal(box.digest(url), new SecretBox(key).digest(url))
    assert.notEqual(box.digest(url), box.digest(`${url}x`))
    assert.notEqual(box.digest(url), new SecretBox(randomBytes(32)).digest(url))
    assert.ok(!box.digest(url).includes('hunter2'))
  })
})
