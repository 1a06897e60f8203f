// npm run bench:api — release creation and release listing over HTTP, on SQLite and PostgreSQL
// in the same run, against a real `berth server` process. Prints JSON.
import { startBerthProcess, type BerthProcess } from '../test/support/berth-process.js'
import { createTestDatabase } from '../test/support/postgres.js'
import { jsonClient, percentile, runLoad } from './http-client.js'

const KEY = 'berth_bench_admin_key_0123456789abcdef'
const CONCURRENCY = [1, 8, 64]
const REQUESTS: Record<number, number> = { 1: 500, 8: 2000, 64: 4000 }
const LIST_SAMPLES = 500

type Client = ReturnType<typeof jsonClient>

async function createApp(client: Client, name: string): Promise<void> {
  const response = await client.request('POST', '/apps', { name })
  if (response.status !== 201) throw new Error(`create ${name}: ${response.body}`)
}

/** Each PATCH changes one key's value, so each one is a release and the config stays small. */
async function setConfig(client: Client, app: string, i: number): Promise<void> {
  const response = await client.request('PATCH', `/apps/${app}/config-vars`, { COUNTER: String(i) })
  if (response.status !== 200) throw new Error(`PATCH ${app}: ${response.status} ${response.body}`)
}

async function releaseCreation(client: Client, store: string) {
  const results: Record<string, { requests: number; p50_ms: number; p99_ms: number; releases_per_s: number }> = {}
  for (const concurrency of CONCURRENCY) {
    const app = `bench-${store}-c${concurrency}`
    await createApp(client, app)
    const total = REQUESTS[concurrency]!
    const { latenciesMs, seconds } = await runLoad(total, concurrency, (i) => setConfig(client, app, i))
    results[`clients_${concurrency}`] = {
      requests: total,
      p50_ms: percentile(latenciesMs, 50),
      p99_ms: percentile(latenciesMs, 99),
      releases_per_s: Math.round(total / seconds),
    }
  }
  return results
}

async function listLatency(client: Client, app: string) {
  const { latenciesMs } = await runLoad(LIST_SAMPLES, 1, async () => {
    const response = await client.request('GET', `/apps/${app}/releases`, undefined, { Range: 'version ..; max=15, order=desc' })
    if (response.status !== 206 && response.status !== 200) throw new Error(`list ${app}: ${response.status}`)
  })
  return { p50_ms: percentile(latenciesMs, 50), p99_ms: percentile(latenciesMs, 99) }
}

async function listing(client: Client, store: string) {
  const small = `list-${store}-100`
  const large = `list-${store}-10000`
  await createApp(client, small)
  await createApp(client, large)
  await runLoad(98, 8, (i) => setConfig(client, small, i))
  await runLoad(9998, 64, (i) => setConfig(client, large, i))
  const releases100 = await listLatency(client, small)
  const releases10000 = await listLatency(client, large)
  return { releases_100: releases100, releases_10000: releases10000, p50_ratio_10000_vs_100: Math.round((releases10000.p50_ms / releases100.p50_ms) * 100) / 100 }
}

async function benchStore(store: 'sqlite' | 'postgres') {
  const database = store === 'postgres' ? await createTestDatabase() : null
  let berth: BerthProcess | null = null
  try {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_RATE_LIMIT: '0', BERTH_DATABASE_URL: database?.url ?? '' })
    const client = jsonClient(berth.apiUrl, KEY, 64)
    const result = { release_creation: await releaseCreation(client, store), listing: await listing(client, store) }
    client.close()
    return result
  } finally {
    await berth?.stop()
    await database?.drop()
  }
}

const sqlite = await benchStore('sqlite')
const postgres = await benchStore('postgres')
const report = {
  benchmark: 'api',
  node: process.version,
  sqlite,
  postgres,
  targets: {
    sqlite_p50_ms_1_client_max: 5,
    sqlite_releases_per_s_64_clients_min: 500,
    listing_p50_ms_max: 5,
    listing_ratio_10000_vs_100_max: 1.5,
  },
  met: {
    sqlite_p50_1_client: sqlite.release_creation.clients_1!.p50_ms <= 5,
    sqlite_throughput_64_clients: sqlite.release_creation.clients_64!.releases_per_s >= 500,
    sqlite_listing_p50: sqlite.listing.releases_10000.p50_ms <= 5,
    sqlite_listing_ratio: sqlite.listing.p50_ratio_10000_vs_100 <= 1.5,
    postgres_listing_p50: postgres.listing.releases_10000.p50_ms <= 5,
    postgres_listing_ratio: postgres.listing.p50_ratio_10000_vs_100 <= 1.5,
  },
}
process.stdout.write(JSON.stringify(report, null, 2) + '\n')
