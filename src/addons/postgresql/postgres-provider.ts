import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { AddonProvider, Provisioned, ProvisionRequest } from '../addon-provider.js'
import { checkServerVersion } from '../../core/addons/addon-options.js'
import { providerUnavailable, serverAddress } from '../provider-errors.js'

const SERVICE = 'berth-postgresql'
const PROVIDER_ID = /^d_[0-9a-f]{16}$/

/**
 * berth-postgresql: a dedicated role (random password, the plan's connection
 * limit) owning a dedicated database on the operator's PostgreSQL server. No
 * other role may connect to the database. The admin role needs CREATEROLE and
 * CREATEDB.
 */
export class PostgresProvider implements AddonProvider {
  readonly service = SERVICE
  readonly #adminUrl: string
  readonly #connectTimeoutMs: number

  constructor(adminUrl: string, options: { connectTimeoutMs?: number } = {}) {
    this.#adminUrl = adminUrl
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 5000
  }

  async provision({ addonId, plan, version }: ProvisionRequest): Promise<Provisioned> {
    const id = addonId.replace(/-/g, '').slice(0, 16)
    const database = `d_${id}`
    const role = roleOf(database)
    const password = randomBytes(24).toString('hex')
    if (version !== undefined) checkServerVersion('PostgreSQL', SERVICE, version, await this.serverVersion())
    await this.#refuseTrust()
    await this.#withAdmin('provision a database', [password], async (admin) => {
      const limit = plan.connectionLimit ?? -1
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD ${admin.escapeLiteral(password)} CONNECTION LIMIT ${limit}`)
      try {
        // CREATE DATABASE cannot run in a transaction, so a failure here undoes the role by hand.
        await admin.query(`CREATE DATABASE ${database} OWNER ${role}`)
        await admin.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`)
      } catch (error) {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {})
        await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {})
        throw error
      }
    })
    const server = new URL(this.#adminUrl)
    const url = new URL(`postgres://${server.host}/${database}`)
    url.username = role
    url.password = password
    return { providerId: database, config: { URL: url.toString() } }
  }

  async serverVersion(): Promise<string> {
    return this.#withAdmin('read the server version', [], serverVersionOf)
  }

  async deprovision(providerId: string): Promise<void> {
    const database = checkId(providerId)
    await this.#withAdmin('remove a database', [], async (admin) => {
      // FORCE ends the app's remaining connections; the role cannot be dropped while it owns the database.
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await admin.query(`DROP ROLE IF EXISTS ${roleOf(database)}`)
    })
  }

  async describe(providerId: string): Promise<Record<string, string> | null> {
    const database = checkId(providerId)
    return this.#withAdmin('describe a database', [], async (admin) => {
      const { rows } = await admin.query<{ bytes: string; connections: string; limit: number }>(
        `SELECT pg_database_size(d.datname) AS bytes,
           (SELECT count(*) FROM pg_stat_activity WHERE datname = d.datname) AS connections,
           (SELECT rolconnlimit FROM pg_roles WHERE rolname = $2) AS limit
         FROM pg_database d WHERE d.datname = $1`,
        [database, roleOf(database)],
      )
      const row = rows[0]
      if (!row) return null
      return {
        'Data Size': `${(Number(row.bytes) / 1024 / 1024).toFixed(1)} MB`,
        Connections: `${row.connections}/${row.limit < 0 ? 'unlimited' : row.limit}`,
        Database: database,
      }
    })
  }

  /**
   * A dyno with a database add-on reaches the server itself, so if the server trusts connections
   * from this machine without a password (pg_hba.conf `trust`), every such app could connect as
   * the superuser, or as any other app's role. Such a server gets no add-ons.
   */
  async #refuseTrust(): Promise<void> {
    const url = new URL(this.#adminUrl)
    url.password = ''
    const probe = new pg.Client({ connectionString: url.toString(), password: '', connectionTimeoutMillis: this.#connectTimeoutMs })
    probe.on('error', () => {})
    const trusted = await probe.connect().then(() => true, () => false)
    await probe.end().catch(() => {})
    if (trusted) {
      throw providerUnavailable(SERVICE, 'provision a database', new Error(`the server at ${serverAddress(this.#adminUrl, 5432)} lets ${url.username} in without a password `
        + '(pg_hba.conf trust), so every app with a database add-on could connect as it; require passwords (scram-sha-256) for TCP connections'))
    }
  }

  async #withAdmin<T>(action: string, secrets: string[], work: (admin: pg.Client) => Promise<T>): Promise<T> {
    const admin = new pg.Client({ connectionString: this.#adminUrl, connectionTimeoutMillis: this.#connectTimeoutMs })
    // An idle error (the server going away) must not crash Berth; the query in flight rejects anyway.
    admin.on('error', () => {})
    try {
      await admin.connect().catch((error: unknown) => {
        throw new Error(`could not connect to PostgreSQL at ${serverAddress(this.#adminUrl, 5432)}: ${(error as Error).message}`, { cause: error })
      })
      return await work(admin)
    } catch (error) {
      throw providerUnavailable(SERVICE, action, error, [...secrets, new URL(this.#adminUrl).password])
    } finally {
      await admin.end().catch(() => {})
    }
  }
}

/** `15.18` from `15.18 (Debian 15.18-0+deb12u1)`. */
async function serverVersionOf(admin: pg.Client): Promise<string> {
  const { rows } = await admin.query<{ server_version: string }>('SHOW server_version')
  return rows[0]?.server_version.split(' ')[0] ?? ''
}

function roleOf(database: string): string {
  return `u_${database.slice(2)}`
}

function checkId(providerId: string): string {
  if (!PROVIDER_ID.test(providerId)) throw new Error(`not a berth-postgresql provider id: ${providerId}`)
  return providerId
}
