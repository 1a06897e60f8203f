import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from '../../test/support/test-server.js'

describe('log sessions API', () => {
  let server: TestServer
  let appId: string
  before(async () => {
    server = await startTestServer()
    appId = (await server.request('POST', '/apps', { body: { name: 'logged' } })).body.id
    for (let i = 1; i <= 1600; i++) {
      server.logs.write({ appId, source: i % 2 ? 'app' : 'heroku', process: i % 3 ? 'web.1' : 'worker.1', message: `line ${i}`, releaseVersion: i <= 800 ? 3 : 4 })
    }
  })
  after(async () => server.close())

  const session = async (body: Record<string, unknown>) => {
    const response = await server.request('POST', '/apps/logged/log-sessions', { body })
    assert.equal(response.status, 201, JSON.stringify(response.body))
    return response.body.logplex_url as string
  }
  const read = async (url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { headers })
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() }
  }

  it('returns the last 100 lines by default, as plain text unless SSE is asked for', async () => {
    const url = await session({})
    const plain = await read(url)
    const lines = plain.text.trim().split('\n')
    assert.equal(lines.length, 100)
    assert.match(lines.at(-1)!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 (app|heroku)\[(web|worker)\.1\]: line 1600$/)
    const sse = await read(url, { Accept: 'text/event-stream' })
    assert.match(sse.type, /text\/event-stream/)
    assert.match(sse.text, /^retry: 100\n\nid: \d+\ndata: .*line 1501\n\n/)
  })

  it('caps lines at 1500, the buffer size', async () => {
    const all = (await read(await session({ lines: 5000 }))).text.trim().split('\n')
    assert.equal(all.length, 1500)
    assert.match(all[0]!, /line 101$/)
  })

  it('filters by source, by dyno prefix and by release', async () => {
    const worker = (await read(await session({ dyno: 'worker', lines: 1500 }))).text.trim().split('\n')
    assert.ok(worker.every((l) => /\[worker\.1\]/.test(l)))
    const heroku = (await read(await session({ source: 'heroku', lines: 1500 }))).text.trim().split('\n')
    assert.ok(heroku.every((l) => / heroku\[/.test(l)))
    const v3 = (await read(await session({ release: 'v3', lines: 1500 }))).text.trim().split('\n')
    assert.equal(v3.length, 700, 'lines 101-800 came from v3')
    assert.match(v3.at(-1)!, /line 800$/)
  })

  it('resumes an SSE stream after Last-Event-ID', async () => {
    const url = await session({ lines: 3 })
    const ids = [...(await read(url, { Accept: 'text/event-stream' })).text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))
    assert.equal(ids.length, 3)
    const resumed = await read(url, { Accept: 'text/event-stream', 'Last-Event-ID': String(ids[0]) })
    assert.deepEqual([...resumed.text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])), ids.slice(1))
  })

  it('refuses forged tokens, and bad options with invalid_params', async () => {
    const url = new URL(await session({}))
    url.searchParams.set('token', url.searchParams.get('token')!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))
    assert.equal((await read(url.toString())).status, 404)
    for (const body of [{ source: 'kernel' }, { lines: -1 }, { release: 'latest' }, { dyno: 7 }]) {
      assert.equal((await server.request('POST', '/apps/logged/log-sessions', { body })).status, 422, JSON.stringify(body))
    }
    const stranger = await server.createUser('stranger@example.com')
    assert.equal((await server.request('POST', '/apps/logged/log-sessions', { token: stranger, body: {} })).status, 404)
  })
})
