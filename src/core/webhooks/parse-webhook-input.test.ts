import assert from 'node:assert/strict'
import { it } from 'node:test'
import { PlatformError } from '../errors/platform-error.js'
import { parseWebhookInput } from './parse-webhook-input.js'

const refused = (body: Record<string, unknown>, pattern: RegExp, mode: 'create' | 'update' = 'create') =>
  assert.throws(() => parseWebhookInput(body, mode), (error: unknown) => error instanceof PlatformError && error.id === 'invalid_params' && pattern.test(error.message))
const base = { url: 'https://hooks.example.com/in', include: ['api:release'], level: 'notify' }

it('takes Heroku\'s create body and needs url, include and level', () => {
  assert.deepEqual(parseWebhookInput({ ...base, include: ['api:release', 'dyno', 'api:release'], secret: 's', authorization: null }, 'create'),
    { url: 'https://hooks.example.com/in', include: ['api:release', 'dyno'], level: 'notify', secret: 's', authorization: null })
  refused({ include: ['dyno'], level: 'sync' }, /url is required/)
  assert.deepEqual(parseWebhookInput({ level: 'sync' }, 'update'), { level: 'sync' })
})

it('refuses unknown entities and levels, other schemes, and NUL, CR or LF in what is sent as a header', () => {
  refused({ ...base, include: ['api:nope'] }, /Unknown webhook entity "api:nope"/)
  refused({ ...base, include: [] }, /include must be a non-empty list/)
  refused({ ...base, level: 'loud' }, /level must be notify or sync/)
  refused({ ...base, url: 'ftp://hooks.example.com/' }, /Unsupported webhook URL/)
  refused({ ...base, url: 'https://hooks.example.com/\0' }, /NUL/)
  refused({ ...base, authorization: 'Bearer x\r\nX-Evil: 1' }, /control characters/)
  // Node refuses such a header at every attempt: the delivery would fail for 72 hours instead of the create.
  refused({ ...base, authorization: 'Bearer \u0100\u2028' }, /authorization may only contain/)
  refused({ ...base, secret: 'a'.repeat(2000) }, /over the 1024-byte limit/)
})
