import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { loadConfig } from '../../src/config/load-config.js'
import { startServer, type RunningServer } from '../../src/main/server.js'
import { createTestDatabase, TEST_POSTGRES_URL } from './postgres.js'
import { TEST_REDIS_URL } from './redis.js'

export const ADMIN_KEY = 'berth_test_admin_key_0123456789'
export const ADMIN_EMAIL = 'admin@example.com'
export const ADMIN_PASSWORD = 'correct horse battery staple'

export type StoreKind = 'sqlite' | 'postgres'

export interface ApiResponse<T = any> {
  status: number
  headers: Headers
  body: T
}

export interface TestServer extends RunningServer {
  dataDir: string
  /** Calls the API as the admin unless `token` says otherwise (null: no Authorization). */
  request<T = any>(method: string, path: string, options?: { body?: unknown; rawBody?: string; token?: string | null; headers?: Record<string, string> }): Promise<ApiResponse<T>>
  /** Creates a non-admin account and returns its token. */
  createUser(email: string, password?: string): Promise<string>
}

/** A real `berth server` composition on port 0 with a temp data dir, in this process. */
export async function startTestServer(options: { store?: StoreKind; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-test-'))
  const database = options.store === 'postgres' ? await createTestDatabase() : null
  const config = loadConfig({
    BERTH_DATA_DIR: dataDir,
    BERTH_API_PORT: '0',
    BERTH_ROUTER_PORT: '0',
    BERTH_ROUTER_TLS_PORT: '0',
    BERTH_RENDEZVOUS_PORT: '0',
    BERTH_ADMIN_EMAIL: ADMIN_EMAIL,
    BERTH_ADMIN_API_KEY: ADMIN_KEY,
    BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
    BERTH_DATABASE_URL: database?.url ?? '',
    BERTH_RATE_LIMIT: '0',
    BERTH_ADDON_POSTGRES_URL: TEST_POSTGRES_URL,
    BERTH_ADDON_REDIS_URL: TEST_REDIS_URL,
    ...options.env,
  })
  const server = await startServer(config, { logger: pino({ level: 'silent' }), print: () => undefined })

  const request: TestServer['request'] = async (method, path, opts = {}) => {
    const token = opts.token === undefined ? ADMIN_KEY : opts.token
    const headers: Record<string, string> = { Accept: 'application/vnd.heroku+json; version=3', ...opts.headers }
    if (token !== null) headers.Authorization ??= `Bearer ${token}`
    let body: string | undefined = opts.rawBody
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body)
      headers['Content-Type'] = 'application/json'
    }
    const response = await fetch(server.apiUrl + path, { method, headers, body })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      // Not JSON: keep the text so the test can show it.
    }
    return { status: response.status, headers: response.headers, body: parsed as any }
  }

  return {
    ...server,
    dataDir,
    request,
    async createUser(email, password) {
      const response = await request('POST', '/berth/accounts', { body: { email, password } })
      if (response.status !== 201) throw new Error(`could not create ${email}: ${JSON.stringify(response.body)}`)
      return response.body.api_key as string
    },
    async close() {
      await server.close()
      await database?.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
