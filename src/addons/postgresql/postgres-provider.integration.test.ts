import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import pg from 'pg'
import { TEST_POSTGRES_URL } from '../../../test/support/postgres.js'
import { findAddonService } from '../../core/addons/catalog.js'
import { runAddonProviderContract } from '../addon-provider.contract.js'
import { PostgresProvider } from './postgres-provider.js'

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  client.on('error', () => {})
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/** The owner's database, reached with the reader's role and password. */
function crossUrl(reader: Record<string, string>, owner: Record<string, string>): string {
  const url = new URL(owner.URL!)
  const as = new URL(reader.URL!)
  url.username = as.username
  url.password = as.password
  return url.toString()
}

const provider = new PostgresProvider(TEST_POSTGRES_URL)

runAddonProviderContract('berth-postgresql', {
  provider,
  unreachable: new PostgresProvider('postgres://postgres:admin-secret@127.0.0.1:1/postgres'),
  write: (config, value) => withClient(config.URL!, async (c) => {
    await c.query('CREATE TABLE IF NOT EXISTS notes (body text)')
    await c.query('INSERT INTO notes VALUES ($1)', [value])
  }),
  read: (reader, owner) => withClient(crossUrl(reader, owner), async (c) => (await c.query('SELECT body FROM notes LIMIT 1')).rows[0].body),
  leftovers: (providerId) => withClient(TEST_POSTGRES_URL, async (c) => {
    const { rows } = await c.query(
      `SELECT datname AS name FROM pg_database WHERE datname = $1 UNION ALL SELECT rolname FROM pg_roles WHERE rolname = $2`,
      [providerId, `u_${providerId.slice(2)}`],
    )
    return rows.map((r) => String(r.name))
  }),
})

describe('berth-postgresql specifics', () => {
  it("gives the role the plan's connection limit and the app a database it owns", async () => {
    const basic = findAddonService('berth-postgresql')!.plans.find((p) => p.name === 'basic')!
    const addon = await provider.provision({ addonId: randomUUID(), plan: basic })
    try {
      assert.match(addon.config.URL!, /^postgres:\/\/u_[0-9a-f]{16}:[0-9a-f]{48}@127\.0\.0\.1:5432\/d_[0-9a-f]{16}$/)
      assert.equal((await provider.describe(addon.providerId))?.Connections, '0/120')
      const owner = await withClient(addon.config.URL!, async (c) => (await c.query('SELECT current_user AS me, pg_catalog.pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()')).rows[0])
      assert.equal(owner.me, owner.owner)
    } finally {
      await provider.deprovision(addon.providerId)
    }
  })

  it('ends open connections when it deprovisions', async () => {
    const addon = await provider.provision({ addonId: randomUUID(), plan: findAddonService('berth-postgresql')!.plans[0]! })
    const app = new pg.Client({ connectionString: addon.config.URL })
    const ended = new Promise((resolve) => app.on('error', resolve))
    await app.connect()
    await provider.deprovision(addon.providerId)
    assert.ok(await ended)
  })
})
