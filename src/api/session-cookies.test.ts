import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlatformError } from '../core/errors/platform-error.js'
import { parseCookies, sessionToken, setCookie } from './session-cookies.js'

describe('dashboard session cookies', () => {
  const cookie = 'other=1; berth_session=tok%20en; berth_csrf=c5rf'

  it('reads cookies and writes HttpOnly, SameSite=Strict ones', () => {
    assert.deepEqual(parseCookies(cookie), { other: '1', berth_session: 'tok en', berth_csrf: 'c5rf' })
    assert.equal(setCookie('berth_session', 't', { maxAgeSeconds: 60, httpOnly: true, secure: true }), 'berth_session=t; Path=/; Max-Age=60; SameSite=Strict; HttpOnly; Secure')
  })

  it('lets safe requests through with the cookie alone, and demands the CSRF token otherwise', () => {
    assert.equal(sessionToken({ method: 'GET', headers: { cookie } }), 'tok en')
    assert.equal(sessionToken({ method: 'PATCH', headers: { cookie, 'x-csrf-token': 'c5rf' } }), 'tok en')
    for (const headers of [{ cookie }, { cookie, 'x-csrf-token': 'wrong' }, { cookie: 'berth_session=t', 'x-csrf-token': '' }]) {
      assert.throws(() => sessionToken({ method: 'POST', headers }), (e: unknown) => e instanceof PlatformError && e.id === 'forbidden')
    }
    assert.equal(sessionToken({ method: 'POST', headers: {} }), null)
  })
})
