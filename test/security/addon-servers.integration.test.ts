// Class of attack: a dyno reaches its add-on's server itself, so whatever that server grants without
// a password it grants to every app with an add-on there (Redis's default user, PostgreSQL `trust`).
// Berth makes no add-on on such a server.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { freePort } from '../../src/scheduler/local/free-port.js'
import { startRedis } from '../support/redis.js'
import { startTestServer, type TestServer } from '../support/test-server.js'

async function refusedWithoutTrace(server: TestServer, app: string, plan: string, why: RegExp): Promise<void> {
  assert.equal((await server.request('POST', '/apps', { body: { name: app } })).status, 201)
  const releases = (await server.request('GET', `/apps/${app}/releases`)).body.length
  const created = await server.request('POST', `/apps/${app}/addons`, { body: { plan } })
  assert.equal(created.status, 503, JSON.stringify(created.body))
  assert.equal(created.body.id, 'unavailable')
  assert.match(created.body.message, why)
  assert.deepEqual((await server.request('GET', `/apps/${app}/addons`)).body, [])
  assert.equal((await server.request('GET', `/apps/${app}/releases`)).body.length, releases, 'no release was made')
}

/** A throwaway PostgreSQL cluster that trusts every local TCP connection. */
async function startTrustingPostgres(): Promise<{ url: string; stop(): void } | null> {
  const bin = readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`).find((dir) => existsSync(join(dir, 'initdb')))
  if (!bin || process.getuid?.() !== 0) return null
  const dir = mkdtempSync(join(tmpdir(), 'berth-trust-pg-'))
  chownSync(dir, Number(spawnSync('id', ['-u', 'postgres']).stdout), Number(spawnSync('id', ['-g', 'postgres']).stdout))
  const port = await freePort()
  const asPostgres = (command: string) => spawnSync('runuser', ['-u', 'postgres', '--', 'sh', '-c', command], { encoding: 'utf8' })
  const init = asPostgres(`${bin}/initdb -D ${dir}/data -A trust -U postgres >/dev/null`)
  assert.equal(init.status, 0, init.stderr)
  const start = asPostgres(`${bin}/pg_ctl -D ${dir}/data -l ${dir}/log -w -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1" start >/dev/null`)
  assert.equal(start.status, 0, start.stderr)
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      asPostgres(`${bin}/pg_ctl -D ${dir}/data -m immediate stop >/dev/null`)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

describe('add-on servers that let anyone in get no add-ons', () => {
  const stops: (() => unknown)[] = []
  after(async () => {
    for (const stop of stops.reverse()) await stop()
  })

  it("refuses a Redis whose default user needs no password, and makes nothing", async () => {
    const redis = await startRedis(undefined, { open: true })
    stops.push(redis.stop)
    const server = await startTestServer({ env: { BERTH_ADDON_REDIS_URL: redis.url } })
    stops.push(() => server.close())
    await refusedWithoutTrace(server, 'open-redis', 'berth-redis', /default user without a password/)
  })

  it('refuses a PostgreSQL that trusts local connections, and makes nothing', async (t) => {
    const postgres = await startTrustingPostgres()
    if (!postgres) return t.skip('needs root and a PostgreSQL server installation')
    stops.push(postgres.stop)
    const server = await startTestServer({ env: { BERTH_ADDON_POSTGRES_URL: postgres.url } })
    stops.push(() => server.close())
    await refusedWithoutTrace(server, 'trusting-pg', 'heroku-postgresql', /lets postgres in without a password \(pg_hba\.conf trust\)/)
  })
})
