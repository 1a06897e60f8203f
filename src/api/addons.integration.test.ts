import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { databaseExists } from '../../test/support/postgres.js'
import { RespClient } from '../addons/redis/resp-client.js'
import { startRedis, TEST_REDIS_URL } from '../../test/support/redis.js'
import { startTestServer, type TestServer } from '../../test/support/test-server.js'

async function redisUserExists(user: string): Promise<boolean> {
  const client = await RespClient.open(TEST_REDIS_URL)
  try {
    return (await client.command('ACL', 'GETUSER', user)) !== null
  } finally {
    client.close()
  }
}

describe('add-ons API', () => {
  let server: TestServer
  let strangerKey: string
  const api = (method: string, path: string, body?: unknown) => server.request(method, path, { body })
  const releases = async (app: string) => (await api('GET', `/apps/${app}/releases`)).body as any[]
  const config = async (app: string) => (await api('GET', `/apps/${app}/config-vars`)).body as Record<string, string>
  const create = (app: string, body: unknown) => api('POST', `/apps/${app}/addons`, body)

  before(async () => {
    server = await startTestServer()
    strangerKey = await server.createUser('stranger@example.com')
    for (const name of ['shop', 'other', 'doomed']) assert.equal((await api('POST', '/apps', { name })).status, 201)
  })
  after(async () => {
    for (const name of ['shop', 'other', 'doomed']) await api('DELETE', `/apps/${name}`)
    await server.close()
  })

  it('creates a PostgreSQL add-on with its Attach release and DATABASE_URL', async () => {
    const created = await create('shop', { attachment: {}, config: {}, plan: { name: 'heroku-postgresql:essential-0' } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const addon = created.body
    assert.match(addon.name, /^postgresql-[a-z]+-\d{5}$/)
    assert.equal(addon.state, 'provisioned')
    assert.equal(addon.plan.name, 'berth-postgresql:dev')
    assert.deepEqual(addon.plan.price, { cents: 0, contract: false, metered: false, unit: 'month' })
    assert.equal(addon.addon_service.name, 'berth-postgresql')
    assert.deepEqual(addon.config_vars, ['DATABASE_URL'])
    assert.equal(addon.app.name, 'shop')
    const [latest] = await releases('shop').then((r) => r.slice(-1))
    assert.equal(latest.version, 3)
    assert.equal(latest.description, `Attach DATABASE (@ref:${addon.name})`)
    assert.equal(latest.user.email, 'berth-postgresql@addons.berth.local')
    assert.deepEqual(latest.addon_plan_names, ['berth-postgresql:dev'])
    assert.match((await config('shop')).DATABASE_URL!, /^postgres:\/\/u_[0-9a-f]{16}:[0-9a-f]+@127\.0\.0\.1:5432\/d_[0-9a-f]{16}$/)
    const info = await api('GET', `/apps/shop/addons/${addon.name}`)
    assert.equal(info.body.provider_details.Connections, '0/20')
  })

  it('names further attachments by colour or --as, and gives Redis REDIS_URL and its key prefix', async () => {
    assert.deepEqual((await create('shop', { plan: 'berth-postgresql' })).body.config_vars, ['HEROKU_POSTGRESQL_AMBER_URL'])
    assert.deepEqual((await create('shop', { plan: { name: 'heroku-postgresql' }, attachment: { name: 'ANALYTICS' } })).body.config_vars, ['ANALYTICS_URL'])
    const redis = await create('shop', { plan: { name: 'heroku-redis' }, name: 'shop-cache' })
    assert.equal(redis.status, 201, JSON.stringify(redis.body))
    assert.equal(redis.body.name, 'shop-cache')
    assert.deepEqual(redis.body.config_vars, ['REDIS_URL', 'REDIS_KEY_PREFIX'])
    const vars = await config('shop')
    assert.match(vars.REDIS_URL!, new RegExp(`^redis://addon_[0-9a-f]{16}:[0-9a-f]+@127\\.0\\.0\\.1:${new URL(TEST_REDIS_URL).port}$`))
    assert.match(vars.REDIS_KEY_PREFIX!, /^addon_[0-9a-f]{16}:$/)
    assert.equal((await releases('shop')).at(-1).description, 'Attach REDIS (@ref:shop-cache)')
  })

  it('refuses unknown services, plans, options, taken names and shadowed vars, making nothing', async () => {
    const before = (await releases('other')).length
    const refused = [
      [{ plan: 7 }, /plan is required, e\.g\. "berth-postgresql:dev"/],
      [{ plan: 'mongolab' }, /Available: berth-postgresql \(plans: dev, basic\); berth-redis \(plans: dev\)/],
      [{ plan: 'berth-redis:premium-9' }, /berth-redis has no plan "premium-9"\. Plans: dev/],
      [{ plan: 'berth-redis', config: { maxmemory: '1gb' } }, /takes no config option "maxmemory" \(only --version\)/],
      [{ plan: 'berth-redis', config: { version: 'latest' } }, /--version must be a version number such as 16; got "latest"/],
      [{ plan: 'berth-redis', config: { version: '1' } }, /^berth-redis offers Redis \d+\.[\d.]+ on this installation, not 1\. Omit --version, or ask for --version \d+\.$/],
      [{ plan: 'berth-redis', name: 'shop-cache' }, /Name is already taken/],
      [{ plan: 'berth-redis', attachment: { name: 'bad name' } }, /Invalid attachment name/],
    ] as const
    for (const [body, message] of refused) {
      const response = await create('other', body)
      assert.equal(response.status, 422, JSON.stringify(body))
      assert.equal(response.body.id, 'invalid_params')
      assert.match(response.body.message, message)
    }
    assert.equal((await api('PATCH', '/apps/other/config-vars', { DATABASE_URL: 'postgres://mine' })).status, 200)
    const shadow = await create('other', { plan: 'berth-postgresql' })
    assert.equal(shadow.status, 422)
    assert.match(shadow.body.message, /DATABASE_URL is already set on other/)
    assert.equal((await releases('other')).length, before + 1)
    assert.deepEqual((await api('GET', '/apps/other/addons')).body, [])
  })

  it('keeps add-on vars out of reach of config:set and config:unset', async () => {
    const count = (await releases('shop')).length
    for (const patch of [{ DATABASE_URL: 'postgres://elsewhere' }, { REDIS_URL: null }]) {
      const response = await api('PATCH', '/apps/shop/config-vars', patch)
      assert.equal(response.status, 422)
      assert.match(response.body.message, /set by an attached add-on.*addons:destroy/)
    }
    assert.equal((await releases('shop')).length, count)
  })

  it('lists add-ons and attachments, and resolves names, attachment names and app::ATTACHMENT', async () => {
    const listed = (await api('GET', '/apps/shop/addons')).body
    assert.equal(listed.length, 4)
    assert.deepEqual((await api('GET', '/addons')).body.map((a: any) => a.id).sort(), listed.map((a: any) => a.id).sort())
    const attachments = (await api('GET', '/apps/shop/addon-attachments')).body
    assert.deepEqual(attachments.map((a: any) => a.name), ['DATABASE', 'HEROKU_POSTGRESQL_AMBER', 'ANALYTICS', 'REDIS'])
    assert.deepEqual((await api('GET', '/addon-attachments')).body.map((a: any) => a.name).sort(), attachments.map((a: any) => a.name).sort())
    assert.deepEqual((await api('GET', `/addons/${listed[3].id}/addon-attachments`)).body.map((a: any) => [a.name, a.app.name]), [['REDIS', 'shop']])
    const resolve = (body: unknown) => api('POST', '/actions/addons/resolve', body)
    assert.equal((await resolve({ addon: 'shop-cache' })).body[0].name, 'shop-cache')
    assert.equal((await resolve({ addon: 'DATABASE', app: 'shop' })).body[0].id, listed[0].id)
    assert.equal((await resolve({ addon: 'shop::analytics' })).body[0].id, listed[2].id)
    assert.equal((await resolve({ addon: 'REDIS', app: 'shop', addon_service: 'heroku-redis' })).body[0].name, 'shop-cache')
    const missing = await resolve({ addon: 'nope', app: 'shop' })
    assert.deepEqual([missing.status, missing.body.id, missing.body.resource], [404, 'not_found', 'add_on'])
  })

  it("keeps two apps' databases apart: one app's credentials cannot open the other's", async () => {
    assert.equal((await create('other', { plan: 'berth-postgresql', attachment: { name: 'OWN' } })).status, 201)
    const [mine, theirs] = [new URL((await config('other')).OWN_URL!), new URL((await config('shop')).DATABASE_URL!)]
    theirs.username = mine.username
    theirs.password = mine.password
    const intruder = new pg.Client({ connectionString: theirs.toString() })
    await assert.rejects(intruder.connect(), /permission denied for database/)
    await intruder.end().catch(() => {})
  })

  it("hides an app's add-ons from strangers", async () => {
    const stranger = (method: string, path: string, body?: unknown) => server.request(method, path, { body, token: strangerKey })
    assert.equal((await stranger('GET', '/apps/shop/addons')).status, 404)
    assert.deepEqual((await stranger('GET', '/addons')).body, [])
    assert.deepEqual((await stranger('GET', '/addon-attachments')).body, [])
    assert.equal((await stranger('POST', '/actions/addons/resolve', { addon: 'shop-cache' })).status, 404)
    assert.equal((await stranger('POST', '/apps/shop/addons', { plan: 'berth-redis' })).status, 404)
    assert.equal((await stranger('DELETE', '/apps/shop/addons/shop-cache')).status, 404)
  })

  it('rolls back user config only: add-on vars and plans stay as attached now', async () => {
    assert.equal((await api('PATCH', '/apps/doomed/config-vars', { MODE: 'one' })).status, 200)
    const v3 = (await releases('doomed')).at(-1)
    assert.equal((await create('doomed', { plan: 'berth-postgresql' })).status, 201)
    assert.equal((await api('PATCH', '/apps/doomed/config-vars', { MODE: 'two' })).status, 200)
    const rolled = await api('POST', '/apps/doomed/releases', { release: v3.id })
    assert.equal(rolled.status, 201, JSON.stringify(rolled.body))
    assert.deepEqual(rolled.body.addon_plan_names, ['berth-postgresql:dev'])
    const vars = await config('doomed')
    assert.equal(vars.MODE, 'one')
    assert.ok(vars.DATABASE_URL)
  })

  it('destroys by app and add-on uuid with a Detach release, dropping the database', async () => {
    const shop = (await api('GET', '/apps/shop')).body
    const addon = (await api('GET', '/apps/shop/addons')).body[1]
    const database = (await config('shop')).HEROKU_POSTGRESQL_AMBER_URL!.split('/').at(-1)!
    const wrong = await api('DELETE', `/apps/${shop.id}/addons/${addon.id}`, { confirm: 'not-shop' })
    assert.deepEqual([wrong.status, wrong.body.id], [422, 'confirmation_required'])
    assert.equal(await databaseExists(database), true)
    const destroyed = await api('DELETE', `/apps/${shop.id}/addons/${addon.id}`, { force: false })
    assert.equal(destroyed.status, 200, JSON.stringify(destroyed.body))
    assert.equal(destroyed.body.state, 'deprovisioned')
    assert.equal((await releases('shop')).at(-1).description, `Detach HEROKU_POSTGRESQL_AMBER (@ref:${addon.name})`)
    assert.equal((await config('shop')).HEROKU_POSTGRESQL_AMBER_URL, undefined)
    assert.equal(await databaseExists(database), false)
    assert.equal((await api('GET', `/apps/shop/addons/${addon.id}`)).status, 404)
  })

  it("deleting an app removes its add-ons' databases and users", async () => {
    const vars = await config('shop')
    const databases = [vars.DATABASE_URL!, vars.ANALYTICS_URL!].map((url) => url.split('/').at(-1)!)
    const redisUser = new URL(vars.REDIS_URL!).username
    assert.equal(await redisUserExists(redisUser), true)
    assert.equal((await api('DELETE', '/apps/shop')).status, 200)
    for (const database of databases) assert.equal(await databaseExists(database), false)
    assert.equal(await redisUserExists(redisUser), false)
    assert.deepEqual((await api('GET', '/addons')).body.map((a: any) => a.app.name).sort(), ['doomed', 'other'])
  })
})

describe('add-ons API when a provider is down or off', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer({ env: { BERTH_ADDON_POSTGRES_URL: 'postgres://postgres:admin-pw@127.0.0.1:1/postgres', BERTH_ADDON_REDIS_URL: 'off' } })
    await server.request('POST', '/apps', { body: { name: 'lonely' } })
  })
  after(async () => server.close())

  it('answers 503 with the reason, and records no add-on and no release', async () => {
    const down = await server.request('POST', '/apps/lonely/addons', { body: { plan: 'berth-postgresql' } })
    assert.equal(down.status, 503)
    assert.equal(down.body.id, 'unavailable')
    assert.match(down.body.message, /^berth-postgresql could not provision a database: could not connect to PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED/)
    assert.doesNotMatch(down.body.message, /admin-pw/)
    const off = await server.request('POST', '/apps/lonely/addons', { body: { plan: 'berth-redis' } })
    assert.deepEqual([off.status, off.body.id], [503, 'unavailable'])
    assert.match(off.body.message, /berth-redis is not enabled/)
    assert.deepEqual((await server.request('GET', '/apps/lonely/addons')).body, [])
    assert.equal((await server.request('GET', '/apps/lonely/releases')).body.length, 2)
  })
})

describe('add-ons API when Redis stops while an add-on exists', () => {
  let server: TestServer
  let redis: Awaited<ReturnType<typeof startRedis>>
  before(async () => {
    redis = await startRedis()
    server = await startTestServer({ env: { BERTH_ADDON_REDIS_URL: redis.url } })
    await server.request('POST', '/apps', { body: { name: 'flaky' } })
  })
  after(async () => {
    await server?.close()
    await redis?.stop()
  })

  it('refuses new add-ons while down; a destroy detaches at once and removes the user once Redis is back', async () => {
    const created = await server.request('POST', '/apps/flaky/addons', { body: { plan: 'berth-redis' } })
    assert.equal(created.status, 201)
    const port = new URL(redis.url).port
    await redis.stop()
    const refused = await server.request('POST', '/apps/flaky/addons', { body: { plan: 'berth-redis' } })
    assert.deepEqual([refused.status, refused.body.id], [503, 'unavailable'])
    assert.match(refused.body.message, new RegExp(`could not connect to Redis at 127\\.0\\.0\\.1:${port}.*ECONNREFUSED`))
    const versions = (await server.request('GET', '/apps/flaky/releases')).body.length

    const pending = await server.request('DELETE', `/apps/flaky/addons/${created.body.name}`)
    assert.equal(pending.status, 200)
    assert.equal(pending.body.state, 'deprovisioning')
    const config = (await server.request('GET', '/apps/flaky/config-vars')).body
    assert.equal(config.REDIS_URL, undefined, 'detached from the app even while its server is down')
    assert.equal((await server.request('GET', '/apps/flaky/releases')).body.length, versions + 1)

    redis = await startRedis(Number(port), { password: new URL(redis.url).password })
    const retried = await server.request('DELETE', `/apps/flaky/addons/${created.body.name}`)
    assert.equal(retried.body.state, 'deprovisioned')
    assert.equal((await server.request('GET', `/apps/flaky/addons/${created.body.name}`)).status, 404)
  })
})
