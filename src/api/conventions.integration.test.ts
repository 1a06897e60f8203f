import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from '../../test/support/test-server.js'

describe('Platform API conventions', () => {
  let server: TestServer
  before(async () => { server = await startTestServer() })
  after(async () => server.close())

  it('accepts version 3, its variants and a missing Accept, and refuses other versions with 406', async () => {
    for (const accept of ['application/vnd.heroku+json; version=3', 'application/vnd.heroku+json; version=3.sdk', 'application/vnd.heroku+json; version=3.account-quotas', '*/*', 'application/json']) {
      assert.equal((await server.request('GET', '/account', { headers: { Accept: accept } })).status, 200, accept)
    }
    const old = await server.request('GET', '/account', { headers: { Accept: 'application/vnd.heroku+json; version=2' } })
    assert.deepEqual([old.status, old.body.id], [406, 'not_acceptable'])
  })

  it('puts a Request-Id on every response, errors included', async () => {
    for (const [path, token] of [['/account', undefined], ['/apps/missing', undefined], ['/account', null], ['/no/such/endpoint', undefined]] as const) {
      const response = await server.request('GET', path, { token })
      assert.match(response.headers.get('request-id') ?? '', /^[0-9a-f-]{36}$/, path)
    }
  })

  it('answers unknown endpoints with not_found JSON', async () => {
    const response = await server.request('GET', '/no/such/endpoint')
    assert.equal(response.status, 404)
    assert.equal(response.body.id, 'not_found')
    assert.match(response.headers.get('content-type') ?? '', /application\/json/)
  })

  it('answers a malformed URL with bad_request JSON and a Request-Id', async () => {
    const response = await server.request('GET', '/apps/%E0%A4%A')
    assert.equal(response.status, 400)
    assert.equal(response.body.id, 'bad_request')
    assert.equal(typeof response.body.message, 'string')
    assert.match(response.headers.get('request-id') ?? '', /^[0-9a-f-]{36}$/)
  })

  it('never answers 304, even when asked with If-None-Match', async () => {
    const first = await server.request('GET', '/account')
    const again = await server.request('GET', '/account', { headers: { 'If-None-Match': first.headers.get('etag') ?? '"x"' } })
    assert.equal(again.status, 200)
  })

  it('answers GET /account for the particleboard side-call with the account shape', async () => {
    const { body } = await server.request('GET', '/account')
    for (const field of ['id', 'email', 'created_at', 'updated_at', 'verified', 'two_factor_authentication']) assert.ok(field in body, field)
    assert.equal(body.scheduled_suspension_time, undefined)
  })

  it('refuses a non-object body with bad_request rather than a crash', async () => {
    for (const rawBody of ['"just a string"', '[1,2]', '12']) {
      const response = await server.request('POST', '/apps', { rawBody, headers: { 'Content-Type': 'application/json' } })
      assert.deepEqual([response.status, response.body.id], [400, 'bad_request'], rawBody)
    }
  })
})

describe('rate limiting', () => {
  let server: TestServer
  before(async () => { server = await startTestServer({ env: { BERTH_RATE_LIMIT: '3' } }) })
  after(async () => server.close())

  it('counts down RateLimit-Remaining per account and answers 429 when empty', async () => {
    const remaining = []
    for (let i = 0; i < 3; i++) remaining.push((await server.request('GET', '/account')).headers.get('ratelimit-remaining'))
    assert.deepEqual(remaining, ['2', '1', '0'])
    const limited = await server.request('GET', '/account')
    assert.deepEqual([limited.status, limited.body.id], [429, 'rate_limit'])
  })
})
