import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { countingListener, type CountingListener } from '../support/counting-listener.js'
import { startTestServer, type TestServer } from '../support/test-server.js'

// Log drains to 127.0.0.1, 169.254.169.254 or any other internal address were accepted, so Berth
// would connect wherever a tenant pointed it (SSRF). Without BERTH_OUTBOUND_ALLOW they are refused
// with 422, whether the URL spells an address or a name that resolves to one.
describe('log drains to internal addresses', () => {
  let server: TestServer
  let internal: CountingListener
  let port: number
  before(async () => {
    internal = await countingListener()
    port = internal.port
    server = await startTestServer()
    await server.request('POST', '/apps', { body: { name: 'drainer' } })
  })
  after(async () => {
    await server.close()
    internal.close()
  })

  const add = (url: string) => server.request('POST', '/apps/drainer/log-drains', { body: { url } })

  it('refuses every internal address, literal or resolved, with 422 naming what it is', async () => {
    const targets: [string, RegExp][] = [
      [`syslog://127.0.0.1:${port}`, /127\.0\.0\.1 is a loopback address/],
      [`syslog+tls://127.0.0.1:${port}`, /loopback/],
      [`https://127.0.0.1:${port}/logs`, /loopback/],
      ['https://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
      ['http://169.254.169.254/', /link-local/],
      ['syslog://10.0.0.8:514', /private/], ['syslog://172.16.5.4:514', /private/], ['syslog://192.168.1.1:514', /private/],
      ['syslog://100.64.0.1:514', /shared/], ['https://0.0.0.0/', /unspecified/], ['syslog://224.0.0.1:514', /multicast/],
      ['https://255.255.255.255/', /broadcast/], ['https://192.0.2.10/', /documentation/],
      [`syslog://[::1]:${port}`, /::1 is a loopback address/], ['https://[fe80::1]/', /link-local/], ['https://[fd00::1]/', /unique-local/],
      ['https://[::]/', /unspecified/], ['https://[::ffff:127.0.0.1]/', /loopback/], ['https://[::ffff:169.254.169.254]/', /link-local/],
      ['https://[64:ff9b::a9fe:a9fe]/', /link-local/], ['https://[2002:7f00:1::]/', /loopback/],
      // Spellings the URL parser keeps as names and the system resolver turns into 127.0.0.1.
      [`syslog://localhost:${port}`, /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
      [`syslog://0x7f.1:${port}`, /0x7f\.1 resolves to 127\.0\.0\.1, a loopback address/],
      [`syslog://2130706433:${port}`, /resolves to 127\.0\.0\.1/],
      [`syslog://127.1:${port}`, /resolves to 127\.0\.0\.1/],
      [`http://0x7f.1:${port}/`, /127\.0\.0\.1 is a loopback address/],
    ]
    for (const [url, pattern] of targets) {
      const response = await add(url)
      assert.deepEqual([response.status, response.body.id], [422, 'invalid_params'], `${url}: ${JSON.stringify(response.body)}`)
      assert.match(response.body.message, /^Log drains cannot point at internal addresses: /, url)
      assert.match(response.body.message, pattern, url)
    }
    assert.deepEqual((await server.request('GET', '/apps/drainer/log-drains')).body, [])
    assert.equal(internal.connections(), 0, 'Berth connected to the internal receiver')
  })

  it('still takes a drain to a public name', async () => {
    // `.invalid` never resolves: the drain is kept, and checked again at every connection.
    const added = await add('syslog+tls://logs.berth-security-test.invalid:6514')
    assert.equal(added.status, 201, JSON.stringify(added.body))
    assert.equal((await server.request('DELETE', `/apps/drainer/log-drains/${added.body.id}`)).status, 200)
  })
})
