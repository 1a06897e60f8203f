// Class of attack: a tenant's dyno reaching past the router and its own add-ons: another tenant's
// dyno directly (bypassing the router and maintenance mode), Berth's own loopback services, the
// databases' admin users, or the machine's process table (a fork bomb).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { DockerEngine } from '../../src/scheduler/docker/docker-engine.js'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { startRedis } from '../support/redis.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_isolation_admin_key_0123456789abcdef'
const fenced = process.getuid?.() === 0
const docker = fenced ? await DockerEngine.connect().then((engine) => engine.close().then(() => true), () => false) : false

// Local dynos are reached over a /30 link whose host end is one below; containers share a bridge whose host end is .1.
const schedulers: { name: string; env: Record<string, string>; range: RegExp; gatewayOf(address: string): string }[] = [
  { name: 'local', env: {}, range: /^10\.213\./, gatewayOf: (address: string) => address.replace(/\d+$/, (last) => String(Number(last) - 1)) },
  { name: 'docker', env: { BERTH_SCHEDULER: 'docker', BERTH_DOCKER_NETWORK: '10.214.32.0/24' }, range: /^10\.214\.32\./, gatewayOf: () => '10.214.32.1' },
]

for (const scheduler of schedulers) describe(`a dyno is held to itself (${scheduler.name} dynos)`, {
  skip: (!fenced && 'network namespaces and cgroups need root') || (scheduler.name === 'docker' && !docker && 'no Docker Engine here'),
}, () => {
  let berth: BerthProcess
  let redis: Awaited<ReturnType<typeof startRedis>>
  const api = apiClient(() => berth.apiUrl, KEY)
  const ask = async (app: string, path: string) => {
    const response = await routerGet(berth.routerUrl, `${app}.localhost`, path)
    assert.equal(response.status, 200, response.body)
    return JSON.parse(response.body)
  }
  const reach = async (app: string, host: string, port: number | string) => (await ask(app, `/connect?host=${host}&port=${port}`)).result as string
  const { gatewayOf } = scheduler
  const releaseServing = async (app: string) => {
    const current = (await api('GET', `/apps/${app}/releases`)).body.at(-1)
    await waitFor(async () => (await ask(app, '/')).release === `v${current.version}`, { timeoutMs: 30_000, what: `${app} v${current.version} serving` })
  }

  before(async () => {
    redis = await startRedis()
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_ADDON_REDIS_URL: redis.url, ...scheduler.env })
    const repo = await fixtureRepo('inspector')
    for (const app of ['tenant-a', 'tenant-b']) {
      assert.equal((await api('POST', '/apps', { name: app })).status, 201)
      const pushed = await git(['push', remoteUrl(berth.apiUrl, app, KEY), 'main'], repo)
      assert.equal(pushed.code, 0, pushed.stderr)
      await releaseServing(app)
    }
  })
  after(async () => {
    await berth?.stop()
    await redis?.stop()
  })

  it("cannot reach another app's dyno except through the router", async () => {
    const [address] = await ask('tenant-b', '/addresses')
    const { PORT } = await ask('tenant-b', '/env')
    assert.match(address, scheduler.range, 'the dyno has an address of its own')
    assert.notEqual(await reach('tenant-a', address, PORT), 'connected')
    assert.equal((await ask('tenant-b', '/')).release, 'v3', 'the router still reaches it')
  })

  it("cannot reach Berth's API, router or any service on the machine, on loopback or on the host's addresses", async () => {
    const [address] = await ask('tenant-a', '/addresses')
    const ports = [new URL(berth.apiUrl).port, new URL(berth.routerUrl).port, new URL(redis.url).port, '5432']
    for (const port of ports) {
      assert.equal(await reach('tenant-a', '127.0.0.1', port), 'refused', `127.0.0.1:${port}`)
      assert.notEqual(await reach('tenant-a', gatewayOf(address), port), 'connected', `the host at ${gatewayOf(address)}:${port}`)
    }
  })

  it('reaches the server of its own add-on at the address its URL names, while another app does not', async () => {
    const created = await api('POST', '/apps/tenant-a/addons', { plan: 'berth-redis' })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    await releaseServing('tenant-a')
    const port = new URL(redis.url).port
    assert.equal(await reach('tenant-a', '127.0.0.1', port), 'connected')
    assert.equal(await reach('tenant-b', '127.0.0.1', port), 'refused')
    assert.equal((await ask('tenant-a', '/env')).REDIS_URL, (await api('GET', '/apps/tenant-a/config-vars')).body.REDIS_URL, 'the URL works unchanged')
  })

  it('gets a database role that is no superuser and cannot make roles or databases', async () => {
    const created = await api('POST', '/apps/tenant-b/addons', { plan: 'heroku-postgresql' })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    await releaseServing('tenant-b')
    assert.equal(await reach('tenant-b', '127.0.0.1', 5432), 'connected')
    const client = new pg.Client({ connectionString: (await api('GET', '/apps/tenant-b/config-vars')).body.DATABASE_URL })
    await client.connect()
    try {
      const { rows } = await client.query('SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = current_user')
      assert.deepEqual(rows, [{ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false }])
    } finally {
      await client.end()
    }
  })

  it('holds a fork bomb to its own process limit, and the other app keeps serving', async () => {
    const bomb = await ask('tenant-b', '/fork?max=1000')
    assert.ok(bomb.failed > 0, `some forks must fail: ${JSON.stringify(bomb)}`)
    assert.ok(bomb.started < 256, `at most Basic's 256 processes: ${JSON.stringify(bomb)}`)
    assert.equal((await ask('tenant-a', '/')).dyno, 'web.1')
  })
})
