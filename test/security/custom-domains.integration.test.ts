import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { routerGet } from '../support/router-client.js'
import { startTestServer, type TestServer } from '../support/test-server.js'

// `domains:add 127.0.0.1` made the router serve the attacker's app for every request made by
// address, and `*.victim.example` claimed names under another tenant's domain. Both, and their
// variants, are refused with 422 before the router ever sees them.
describe('custom domains that would take other tenants\' traffic', () => {
  let server: TestServer
  let attacker: string
  let victim: string
  const add = (token: string, app: string, hostname: string) => server.request('POST', `/apps/${app}/domains`, { token, body: { hostname } })
  before(async () => {
    server = await startTestServer()
    victim = await server.createUser('victim@example.com')
    attacker = await server.createUser('attacker@example.com')
    await server.request('POST', '/apps', { token: victim, body: { name: 'victim-app' } })
    await server.request('POST', '/apps', { token: attacker, body: { name: 'attacker-app' } })
    for (const hostname of ['www.victim.example', '*.shop.example', 'apex.example']) assert.equal((await add(victim, 'victim-app', hostname)).status, 201, hostname)
  })
  after(async () => server.close())

  const refused = async (hostname: string, pattern: RegExp) => {
    const response = await add(attacker, 'attacker-app', hostname)
    assert.deepEqual([response.status, response.body.id], [422, 'invalid_params'], `${hostname}: ${JSON.stringify(response.body)}`)
    assert.match(response.body.message, pattern, hostname)
  }

  it('refuses IP addresses, however they are spelled', async () => {
    for (const address of ['127.0.0.1', '127.1', '0x7f.0.0.1', '2130706433', '0177.0.0.1', '10.0.0.5', '169.254.169.254', '0.0.0.0', '::1', '[::1]', '::ffff:127.0.0.1', '[fe80::1]']) {
      await refused(address, /is an IP address/)
    }
  })

  it('refuses localhost, Berth\'s own domain and the names under them', async () => {
    for (const name of ['localhost', 'app.localhost', '*.localhost', 'victim-app.localhost']) await refused(name, /localhost/)
  })

  it('refuses wildcards over another account\'s names and names under another account\'s wildcard', async () => {
    await refused('*.victim.example', /overlaps www\.victim\.example, a domain of another account's app/)
    await refused('victim.example', /overlaps www\.victim\.example/)
    await refused('api.shop.example', /overlaps \*\.shop\.example/)
    await refused('*.shop.example'.replace('*.', '*.deep.'), /overlaps \*\.shop\.example/)
    await refused('*.apex.example', /overlaps apex\.example/)
    await refused('www.apex.example', /overlaps apex\.example/)
  })

  it('still takes unrelated names, and lets the victim nest names across their own apps', async () => {
    assert.equal((await add(attacker, 'attacker-app', 'www.attacker.example')).status, 201)
    assert.equal((await add(attacker, 'attacker-app', '*.attacker.example')).status, 201)
    await server.request('POST', '/apps', { token: victim, body: { name: 'victim-two' } })
    assert.equal((await add(victim, 'victim-two', 'api.shop.example')).status, 201)
  })

  it('leaves requests by address and for the victim\'s names with nobody but the victim', async () => {
    // The attacker's app has nothing deployed, so reaching it would answer H81 (502); a host nobody holds answers 404.
    for (const host of ['127.0.0.1', 'localhost', 'new.victim.example', 'victim.example']) {
      assert.equal((await routerGet(server.routerUrl, host)).status, 404, host)
    }
    const victims = await server.request('GET', '/apps/attacker-app/domains', { token: attacker })
    assert.deepEqual(victims.body.map((d: any) => d.hostname).sort(), ['*.attacker.example', 'attacker-app.localhost', 'www.attacker.example'])
  })
})
