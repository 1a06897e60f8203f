import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addonUrlsVia, planAddonGrants } from './plan-addon-grants.js'

describe('planAddonGrants', () => {
  it("grants the loopback servers named by add-on URLs, once each, with the scheme's default port", () => {
    assert.deepEqual(planAddonGrants({
      DATABASE_URL: 'postgres://u_1:pw@127.0.0.1:5432/d_1',
      HEROKU_POSTGRESQL_RED_URL: 'postgres://u_2:pw@127.0.0.1:5432/d_2',
      REDIS_URL: 'redis://addon_1:pw@localhost',
      CACHE_URL: 'redis://u:p@[::1]:6380',
    }), [{ host: '127.0.0.1', port: 5432 }, { host: '127.0.0.1', port: 6379 }, { host: '::1', port: 6380 }])
  })

  it('grants nothing for servers elsewhere, values that are not URLs, or unknown schemes without a port', () => {
    assert.deepEqual(planAddonGrants({
      DATABASE_URL: 'postgres://u:p@db.internal:5432/d', REDIS_KEY_PREFIX: 'addon_1:', ODD_URL: 'custom://127.0.0.1/x',
    }), [])
  })
})

describe('addonUrlsVia', () => {
  const grants = [{ host: '127.0.0.1', port: 5432 }, { host: '127.0.0.1', port: 6379 }]
  const relay = (grant: { host: string; port: number }) => grant.port === 5432 ? { host: '10.0.0.1', port: 5432 } : null

  it('points URLs of granted, relayed servers at the relay, keeping credentials, path and query', () => {
    assert.deepEqual(addonUrlsVia({
      DATABASE_URL: 'postgres://u_1:p%40ss@127.0.0.1:5432/d_1?sslmode=disable',
      OTHER_DB: 'postgres://u_2:pw@localhost/d_2',
      PORT_LIKE: '5432',
    }, grants, relay), {
      DATABASE_URL: 'postgres://u_1:p%40ss@10.0.0.1:5432/d_1?sslmode=disable',
      OTHER_DB: 'postgres://u_2:pw@10.0.0.1:5432/d_2',
      PORT_LIKE: '5432',
    })
  })

  it('leaves servers the relay does not serve, servers without a grant, and servers elsewhere as they are', () => {
    const env = { REDIS_URL: 'redis://a:pw@127.0.0.1:6379', MINE: 'postgres://u:p@127.0.0.1:5433/x', REMOTE: 'postgres://u:p@db.internal:5432/d' }
    assert.deepEqual(addonUrlsVia(env, grants, relay), env)
  })
})
