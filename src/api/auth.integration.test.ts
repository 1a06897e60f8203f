import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ADMIN_EMAIL, ADMIN_KEY, ADMIN_PASSWORD, startTestServer, type TestServer } from '../../test/support/test-server.js'
import { waitFor } from '../../test/support/wait-for.js'
import { SIGN_IN_ATTEMPTS_PER_HOUR } from './route-context.js'

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

describe('authentication and accounts', () => {
  let server: TestServer
  before(async () => { server = await startTestServer() })
  after(async () => server.close())

  it('refuses requests without a token, or with an unknown one, as unauthorized', async () => {
    for (const token of [null, 'not-a-real-token']) {
      const response = await server.request('GET', '/account', { token })
      assert.equal(response.status, 401)
      assert.deepEqual(response.body, { id: 'unauthorized', message: 'Invalid credentials provided.' })
    }
  })

  it('accepts the token as Bearer, or as the Basic password with any user name', async () => {
    for (const authorization of [`Bearer ${ADMIN_KEY}`, basic('', ADMIN_KEY), basic('heroku', ADMIN_KEY)]) {
      const response = await server.request('GET', '/account', { token: null, headers: { Authorization: authorization } })
      assert.equal(response.status, 200, authorization)
      assert.equal(response.body.email, ADMIN_EMAIL)
    }
  })

  it('logs in with email and password, and refuses a wrong password', async () => {
    const login = await server.request('POST', '/oauth/authorizations', { token: null, headers: { Authorization: basic(ADMIN_EMAIL, ADMIN_PASSWORD) } })
    assert.equal(login.status, 201)
    const token = login.body.access_token.token as string
    assert.equal((await server.request('GET', '/account', { token })).body.email, ADMIN_EMAIL)

    const wrong = await server.request('POST', '/oauth/authorizations', { token: null, headers: { Authorization: basic(ADMIN_EMAIL, 'wrong password') } })
    assert.equal(wrong.status, 401)
    assert.equal(wrong.body.id, 'unauthorized')
    const unknown = await server.request('POST', '/oauth/authorizations', { token: null, headers: { Authorization: basic('nobody@example.com', 'whatever') } })
    assert.equal(unknown.status, 401)
  })

  it('revokes a token on logout', async () => {
    const login = await server.request('POST', '/oauth/authorizations', { token: null, headers: { Authorization: basic(ADMIN_EMAIL, ADMIN_PASSWORD) } })
    const token = login.body.access_token.token as string
    assert.equal((await server.request('DELETE', '/oauth/authorizations/~', { token })).status, 200)
    assert.equal((await server.request('GET', '/account', { token })).status, 401)
  })

  it('stops accepting a token once it expires', async () => {
    const minted = await server.request('POST', '/oauth/authorizations', { body: { expires_in: 1, description: 'short' } })
    assert.equal(minted.status, 201)
    assert.equal(minted.body.access_token.expires_in, 1)
    const token = minted.body.access_token.token as string
    assert.equal((await server.request('GET', '/account', { token })).status, 200)
    await waitFor(async () => (await server.request('GET', '/account', { token })).status === 401, { what: 'token expiry', timeoutMs: 5000 })
  })

  it('lets only admins create accounts, and the new key works', async () => {
    const key = await server.createUser('dev@example.com', 'a long enough password')
    assert.equal((await server.request('GET', '/account', { token: key })).body.email, 'dev@example.com')
    const refused = await server.request('POST', '/berth/accounts', { token: key, body: { email: 'x@example.com' } })
    assert.equal(refused.status, 403)
    assert.equal(refused.body.id, 'forbidden')
    const duplicate = await server.request('POST', '/berth/accounts', { body: { email: 'DEV@example.com' } })
    assert.equal(duplicate.status, 422)
    const badEmail = await server.request('POST', '/berth/accounts', { body: { email: 'not-an-email' } })
    assert.equal(badEmail.status, 422)
  })

  it('stores tokens only as hashes', async () => {
    const { readdirSync, readFileSync } = await import('node:fs')
    const files = readdirSync(server.dataDir).filter((f) => f.startsWith('berth.db'))
    const bytes = files.map((f) => readFileSync(`${server.dataDir}/${f}`).toString('latin1')).join('')
    assert.ok(bytes.includes(ADMIN_EMAIL), 'the database should hold the account')
    assert.ok(!bytes.includes(ADMIN_KEY), 'the admin API key is stored in the clear')
    assert.ok(!bytes.includes(ADMIN_PASSWORD), 'the admin password is stored in the clear')
  })
})

describe('sign-in attempts', () => {
  let server: TestServer
  before(async () => { server = await startTestServer() })
  after(async () => server.close())

  it('slows password guessing: after an hour\'s worth of attempts from one address, sign-ins get 429 and tokens still work', async () => {
    const attempt = (password: string) => server.request('POST', '/oauth/authorizations', { token: null, headers: { Authorization: basic(ADMIN_EMAIL, password) } })
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_HOUR; i++) assert.equal((await attempt(`guess ${i}`)).status, 401)
    const limited = await attempt(ADMIN_PASSWORD)
    assert.deepEqual([limited.status, limited.body.id], [429, 'rate_limit'])
    assert.match(limited.body.message, /Too many sign-in attempts/)
    const dashboard = await server.request('POST', '/dashboard/session', { token: null, body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })
    assert.equal(dashboard.status, 429)
    assert.equal((await server.request('GET', '/account')).status, 200)
  })
})
