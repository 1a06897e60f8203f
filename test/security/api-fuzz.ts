// A seeded fuzz of the whole API port against a real `berth server` process: malformed JSON,
// wrong types, huge and odd strings (NUL, unicode, `__proto__`), long and odd paths, odd
// methods and headers, bad Range and Accept, on every route, as a member of the app, as a
// stranger, and as nobody. Used by `npm run fuzz` and, smaller, by api-fuzz.e2e.test.ts.
import { request } from 'node:http'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { API_ROUTES, encodeSegment, fillPath } from '../support/api-routes.js'
import { createTestDatabase } from '../support/postgres.js'

export interface FuzzOptions {
  /** SQLite by default; `postgres` runs the server on a throwaway PostgreSQL database. */
  store?: 'sqlite' | 'postgres'
  seed: number
  requests: number
  /** Requests in flight at once. */
  concurrency: number
  /** Stop sending after this long, whatever is left. */
  deadlineMs: number
}

export interface FuzzFigures {
  store: 'sqlite' | 'postgres'
  seed: number
  requests: number
  duration_ms: number
  by_status: Record<string, number>
  server_errors: number
  timeouts: number
  crashes: number
  /** Errors that escaped every handler and reached the process guard's log. */
  escaped_errors: number
  /** The first few requests that got a 5xx or no answer, to replay them. */
  failures: { method: string; path: string; status: number | string; body: string }[]
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rng = () => number
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!

const ODD_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', 'x'.repeat(101), 'x'.repeat(2049), 'é'.repeat(20_000), '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  '../../etc/passwd', '%00', '%', '%ff', '\u202e\u0301🦀', '\ud800', 'null', 'true', '-1', '1e309', '0x10', 'v0', 'v-1', 'v99999999999',
  '00000000-0000-0000-0000-000000000000', 'web', 'web.1', 'run.1234', 'release', 'DATABASE', 'fuzz-app', 'http://169.254.169.254/',
  'syslog://localhost:514', 'https://example.invalid/x', '*.example.invalid', '127.0.0.1', 'a@b.c', 'heroku/nodejs', 'berth-redis:nope',
  '<script>alert(1)</script>', "' OR 1=1 --", '${PATH}', '`id`', '\r\nX-Injected: 1', 'Basic Og==',
]
const FIELDS = [
  'name', 'maintenance', 'stack', 'region', 'command', 'attach', 'url', 'hostname', 'user', 'plan', 'config', 'attachment', 'process_types',
  'commit', 'commit_description', 'checksum', 'release', 'slug', 'description', 'updates', 'quantity', 'size', 'dyno_size', 'type',
  'source_blob', 'buildpacks', 'lines', 'tail', 'source', 'dyno', 'email', 'password', 'admin', 'expires_in', 'api_key', 'addon',
  'addon_attachment', 'app', 'addon_service', 'confirm', 'force', 'certificate_chain', 'private_key', 'sni_endpoint', '__proto__', 'constructor', 'FOO', 'A'.repeat(300),
]

function oddValue(rng: Rng, depth = 0): unknown {
  switch (Math.floor(rng() * 12)) {
    case 0: return null
    case 1: return rng() < 0.5
    case 2: return pick(rng, [0, -1, 1, 2 ** 53, -(2 ** 53) - 2, 1e308, 0.5, 100, 101, 86_400 * 365 * 1000])
    case 3: return pick(rng, ['+1', '-1', '2', '+999999', ''])
    case 4: case 5: case 6: return pick(rng, ODD_STRINGS)
    case 7: return depth > 3 ? [] : Array.from({ length: Math.floor(rng() * 4) }, () => oddValue(rng, depth + 1))
    case 8: return depth > 3 ? {} : oddObject(rng, depth + 1)
    case 9: return depth > 3 ? {} : { url: pick(rng, ODD_STRINGS), name: pick(rng, ODD_STRINGS), email: pick(rng, ODD_STRINGS), version: oddValue(rng, depth + 1) }
    case 10: return depth > 3 ? [] : [{ type: pick(rng, ['web', 'worker', '__proto__']), quantity: oddValue(rng, depth + 1), size: oddValue(rng, depth + 1), buildpack: oddValue(rng, depth + 1) }]
    default: return String.fromCodePoint(...Array.from({ length: Math.floor(rng() * 40) }, () => Math.floor(rng() * 0x2ffff)))
  }
}

function oddObject(rng: Rng, depth = 0): Record<string, unknown> {
  // Built as own keys, so `__proto__` goes on the wire as a key.
  return Object.fromEntries(Array.from({ length: 1 + Math.floor(rng() * 5) }, () => [pick(rng, FIELDS), oddValue(rng, depth)]))
}

function oddBody(rng: Rng): string | Buffer | undefined {
  switch (Math.floor(rng() * 10)) {
    case 0: return undefined
    case 1: return pick(rng, ['{', '{"a":', '[1,2', 'nul', '{"a":1}}', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}'])
    case 2: return JSON.stringify(pick(rng, [[], 'text', 42, true, null, [{}]]))
    case 3: return Buffer.from(Array.from({ length: Math.floor(rng() * 512) }, () => Math.floor(rng() * 256)))
    case 4: return JSON.stringify({ [pick(rng, FIELDS)]: 'x'.repeat(pick(rng, [70_000, 1024 * 1024 + 10])) })
    case 5: return `{${'"a":{'.repeat(2000)}${'}'.repeat(2000)}}`
    default: return JSON.stringify(oddObject(rng))
  }
}

function oddParam(rng: Rng, param: string, appName: string, appId: string): string {
  const r = rng()
  if (param === 'app' && r < 0.6) return pick(rng, [appName, appName, appId, 'no-such-app'])
  if (r < 0.35) return pick(rng, ODD_STRINGS)
  if (r < 0.5) return pick(rng, ['v1', 'v2', '1', 'web', 'web.1', appId, 'd.00000000-0000-0000-0000-000000000000', 'www.example.invalid'])
  return String(oddValue(rng))
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'MKCOL', 'SEARCH', 'LOCK', 'PURGE']
const ACCEPTS = [
  undefined, 'application/vnd.heroku+json; version=3', 'application/vnd.heroku+json; version=2', 'application/vnd.heroku+json; version=3.sdk',
  'application/vnd.heroku+json; version=', 'text/event-stream', '*/*', 'application/vnd.heroku+json; version=99999999999999999999', 'x'.repeat(4000),
]
const RANGES = [
  undefined, '', 'id ..', 'version ..; max=15, order=desc', 'name ]a..z; max=2', 'version 1..; max=0', 'version ..; max=-1', 'version ..; max=99999999999999999999',
  'version ..; order=sideways', 'version a..b', 'id', ';;;', 'version ]..; max=1,', 'created_at ..; max=1000', `id ${'x'.repeat(5000)}..`, 'bytes=0-100', '\u00e9..',
]

interface FuzzRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: string | Buffer | undefined
  /** Signing out revokes the token it is sent with: such requests get a fresh token of their own. */
  revokes: boolean
}

const revokes = (method: string, path: string) => method === 'DELETE' && /^\/(dashboard\/session|oauth\/authorizations\/[^/?]+)\/?(\?|$)/.test(path)

function nextRequest(rng: Rng, index: number, ctx: { appName: string; appId: string; member: string; stranger: string }): FuzzRequest {
  const route = API_ROUTES[index % API_ROUTES.length]!
  let { method, path } = fillPath(route, (param) => oddParam(rng, param, ctx.appName, ctx.appId))
  if (rng() < 0.15) method = pick(rng, METHODS)
  if (rng() < 0.1) path = pick(rng, [`/${'a/'.repeat(500)}`, `/apps/${'%'.repeat(3)}`, '//apps//x', '/apps/%E0%A4%A', `/apps/${'x'.repeat(12_000)}`, '/apps/..%2f..%2fetc', `${path}?${'q=%00&'.repeat(5)}`, `${path}?token=${encodeSegment(pick(rng, ODD_STRINGS))}`])
  const headers: Record<string, string> = {}
  const who = rng()
  if (who < 0.45) headers.Authorization = `Bearer ${ctx.member}`
  else if (who < 0.8) headers.Authorization = `Bearer ${ctx.stranger}`
  else if (who < 0.85) headers.Authorization = `Basic ${Buffer.from(`x:${ctx.member}`).toString('base64')}`
  else if (who < 0.92) headers.Authorization = pick(rng, ['Bearer', 'Basic', 'Basic !!!', `Bearer ${'x'.repeat(3000)}`, 'Digest x', 'Basic ' + Buffer.from('a@b.c:pw').toString('base64')])
  else if (who < 0.96) headers.Cookie = pick(rng, ['berth_session=%E0%A4%A', `berth_session=${ctx.member}; berth_csrf=x`, '__proto__=1; constructor=2', '='.repeat(100)])
  // Mostly Accepts that pass, so most requests get past the version check to the route.
  const accept = rng() < 0.8 ? pick(rng, [undefined, ACCEPTS[1]]) : pick(rng, ACCEPTS)
  if (accept !== undefined) headers.Accept = accept
  const range = pick(rng, RANGES)
  if (range !== undefined && rng() < 0.5) headers.Range = range
  if (rng() < 0.3) headers['Content-Type'] = pick(rng, ['application/json', 'text/plain', '', 'multipart/form-data; boundary=x', 'application/x-git-upload-pack-request', 'application/json; charset=utf-16'])
  if (rng() < 0.1) headers['Last-Event-ID'] = pick(rng, ['1', '-1', 'abc', '9'.repeat(400)])
  if (rng() < 0.1) headers.Prefer = pick(rng, ['respond-async', 'x'.repeat(1000)])
  if (rng() < 0.05) headers['X-CSRF-Token'] = pick(rng, ODD_STRINGS).replace(/[^\x20-\x7e]/g, '?')
  const withBody = !['GET', 'HEAD'].includes(method) || rng() < 0.05
  return { method, path, headers, body: withBody ? oddBody(rng) : undefined, revokes: revokes(method, path) }
}

function send(apiUrl: URL, fuzz: FuzzRequest, timeoutMs: number): Promise<{ status: number | 'timeout' | 'error' | 'unsendable'; body: string }> {
  return new Promise((resolve) => {
    let req: ReturnType<typeof request>
    try {
      req = request({ host: apiUrl.hostname, port: apiUrl.port, method: fuzz.method, path: fuzz.path, headers: fuzz.headers, agent: false, timeout: timeoutMs }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => { if (body.length < 500) body += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    } catch (error) {
      // Node's client refuses to send it (an illegal header character): nothing reached the server.
      return resolve({ status: 'unsendable', body: (error as Error).message })
    }
    req.on('timeout', () => { req.destroy(); resolve({ status: 'timeout', body: '' }) })
    // The server may refuse a request before reading its body (413) and close: that is an answer, not a failure.
    req.on('error', (error) => resolve({ status: 'error', body: error.message }))
    req.end(fuzz.body)
  })
}

/** Starts a real `berth server`, makes a member with an app and a stranger, and fuzzes it. */
export async function fuzzBerth(options: FuzzOptions): Promise<FuzzFigures> {
  const adminKey = 'berth_fuzz_admin_key_0123456789abcdef'
  const database = options.store === 'postgres' ? await createTestDatabase() : null
  const berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: adminKey, BERTH_RATE_LIMIT: '0', BERTH_LOG_LEVEL: 'error', BERTH_DATABASE_URL: database?.url ?? '' })
  try {
    const admin = async (method: string, path: string, body: unknown) => {
      const response = await fetch(berth.apiUrl + path, { method, body: JSON.stringify(body), headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' } })
      return response.json() as Promise<Record<string, unknown>>
    }
    const member = String((await admin('POST', '/berth/accounts', { email: 'member@fuzz.example' })).api_key)
    const stranger = String((await admin('POST', '/berth/accounts', { email: 'stranger@fuzz.example' })).api_key)
    const app = await fetch(`${berth.apiUrl}/apps`, { method: 'POST', body: '{"name":"fuzz-app"}', headers: { Authorization: `Bearer ${member}` } }).then((r) => r.json() as Promise<{ id: string; name: string }>)
    const freshToken = async (token: string) => {
      const minted = await fetch(`${berth.apiUrl}/oauth/authorizations`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
      const body = await minted.json() as { access_token?: { token: string } }
      if (!body.access_token) throw new Error(`could not mint a token to sign out with: ${minted.status} ${JSON.stringify(body)}`)
      return body.access_token.token
    }
    return await runFuzz(berth, { ...options, appName: app.name, appId: app.id, member, stranger, adminKey, freshToken })
  } finally {
    await berth.stop()
    await database?.drop()
  }
}

interface FuzzContext extends FuzzOptions {
  appName: string
  appId: string
  member: string
  stranger: string
  adminKey: string
  freshToken(token: string): Promise<string>
}

/** A request that signs out gets a new token of the same account, so the run keeps its member and stranger. */
async function useFreshToken(fuzz: FuzzRequest, ctx: FuzzContext): Promise<void> {
  const sent = `${fuzz.headers.Authorization ?? ''} ${fuzz.headers.Cookie ?? ''}`
  for (const token of [ctx.member, ctx.stranger]) {
    if (sent.includes(token) || sent.includes(Buffer.from(`x:${token}`).toString('base64'))) {
      fuzz.headers.Authorization = `Bearer ${await ctx.freshToken(token)}`
      delete fuzz.headers.Cookie
    }
  }
}

async function runFuzz(berth: BerthProcess, ctx: FuzzContext): Promise<FuzzFigures> {
  const rng = prng(ctx.seed)
  const apiUrl = new URL(berth.apiUrl)
  const figures: FuzzFigures = { store: ctx.store ?? 'sqlite', seed: ctx.seed, requests: 0, duration_ms: 0, by_status: {}, server_errors: 0, timeouts: 0, crashes: 0, escaped_errors: 0, failures: [] }
  // Every request is drawn up front, so a seed names the same sequence whatever the timing.
  const planned = Array.from({ length: ctx.requests }, (_, i) => nextRequest(rng, i, ctx))
  const started = Date.now()
  let next = 0
  const worker = async () => {
    while (next < planned.length && Date.now() - started < ctx.deadlineMs && berth.child.exitCode === null) {
      const fuzz = planned[next++]!
      if (fuzz.revokes) await useFreshToken(fuzz, ctx)
      const { status, body } = await send(apiUrl, fuzz, 10_000)
      figures.requests++
      figures.by_status[String(status)] = (figures.by_status[String(status)] ?? 0) + 1
      const failed = status === 'timeout' || (typeof status === 'number' && status >= 500)
      if (status === 'timeout') figures.timeouts++
      else if (failed) figures.server_errors++
      if (failed && figures.failures.length < 10) figures.failures.push({ method: fuzz.method, path: fuzz.path.slice(0, 200), status, body: body.slice(0, 300) })
    }
  }
  await Promise.all(Array.from({ length: ctx.concurrency }, worker))
  figures.duration_ms = Date.now() - started
  // Still up, and still answering, after all of it?
  const alive = berth.child.exitCode === null && (await fetch(`${berth.apiUrl}/account`, { headers: { Authorization: `Bearer ${ctx.adminKey}` } }).then((r) => r.status === 200, () => false))
  figures.crashes = alive ? 0 : 1
  figures.escaped_errors = berth.output().split('Berth keeps serving').length - 1
  if (!alive) figures.failures.push({ method: '-', path: '-', status: 'crash', body: berth.output().slice(-1000) })
  return figures
}
