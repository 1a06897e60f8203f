import assert from 'node:assert/strict'
import { it } from 'node:test'
import { webhookBody } from './webhook-flags.js'

it('sends only the webhook flags given, with include split on commas', () => {
  assert.deepEqual(webhookBody({ args: [], flags: { url: 'https://h.example/x', include: 'api:release, api:build,', level: 'sync', app: 'demo' } }),
    { url: 'https://h.example/x', include: ['api:release', 'api:build'], level: 'sync' })
  assert.deepEqual(webhookBody({ args: [], flags: { authorization: 'Bearer t' } }), { authorization: 'Bearer t' })
  assert.deepEqual(webhookBody({ args: [], flags: {} }), {})
})
