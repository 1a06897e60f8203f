import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { pino } from 'pino'
import { loadConfig } from '../config/load-config.js'
import { startServer } from './server.js'

const silent = pino({ level: 'silent' })

async function get(apiUrl: string, path: string, token: string) {
  const response = await fetch(apiUrl + path, { headers: { Authorization: `Bearer ${token}` } })
  return { status: response.status, body: (await response.json()) as any }
}

describe('berth server first start and restart', () => {
  it('generates an admin key once, prints it, saves it 0600, and keeps data across restarts', async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'berth-first-'))
    t.after(() => rmSync(dataDir, { recursive: true, force: true }))
    const config = loadConfig({ BERTH_DATA_DIR: dataDir, BERTH_API_PORT: '0', BERTH_ROUTER_PORT: '0', BERTH_RENDEZVOUS_PORT: '0' })

    let printed = ''
    const first = await startServer(config, { logger: silent, print: (text) => { printed += text } })
    const key = readFileSync(join(dataDir, 'admin-api-key'), 'utf8').trim()
    assert.match(key, /^berth_/)
    assert.ok(printed.includes(key), 'the key is printed on first start')
    assert.equal(statSync(join(dataDir, 'admin-api-key')).mode & 0o777, 0o600)
    assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600)
    assert.equal((await get(first.apiUrl, '/account', key)).body.email, 'admin@berth.local')
    await fetch(`${first.apiUrl}/apps`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: '{"name":"survivor"}' })
    await fetch(`${first.apiUrl}/apps/survivor/config-vars`, { method: 'PATCH', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: '{"KEEP":"me"}' })
    await first.close()

    let printedAgain = ''
    const second = await startServer(config, { logger: silent, print: (text) => { printedAgain += text } })
    t.after(() => second.close())
    assert.ok(!printedAgain.includes(key), 'the key is shown only once')
    assert.deepEqual((await get(second.apiUrl, '/apps/survivor/config-vars', key)).body, { KEEP: 'me' })
    assert.equal((await get(second.apiUrl, '/apps/survivor/releases', key)).body.length, 3)
  })

  it('refuses to start with a BERTH_DATABASE_URL that is not PostgreSQL', () => {
    assert.throws(() => loadConfig({ BERTH_DATABASE_URL: 'mysql://x' }), /BERTH_DATABASE_URL/)
    assert.throws(() => loadConfig({ BERTH_API_PORT: 'eighty' }), /BERTH_API_PORT/)
    assert.throws(() => loadConfig({ BERTH_SECRET_KEY: 'short' }), /BERTH_SECRET_KEY/)
  })
})
