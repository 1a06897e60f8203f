import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { selfSigned, testCa, type Issued, type TestCa } from '../../test/support/test-pki.js'
import { startTestServer, type TestServer } from '../../test/support/test-server.js'

describe('certificates API (SNI endpoints) and domains\' certificates', () => {
  let server: TestServer
  let ca: TestCa
  let cert: Issued
  const api = (method: string, path: string, body?: unknown, token?: string) => server.request(method, path, { body, token })
  const listed = async () => (await api('GET', '/apps/certified/sni-endpoints')).body as any[]

  before(async () => {
    server = await startTestServer()
    ca = await testCa()
    cert = await ca.issue(['www.certified.example', 'certified.example'])
    await api('POST', '/apps', { name: 'certified' })
    await api('POST', '/apps/certified/domains', { hostname: 'www.certified.example', sni_endpoint: null })
  })
  after(async () => server?.close())

  it('stores a certificate and its key, shows it as Heroku does, and never returns the key', async () => {
    const created = await api('POST', '/apps/certified/sni-endpoints', { certificate_chain: cert.cert, private_key: cert.key })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const endpoint = created.body
    assert.match(endpoint.name, /^[a-z]+-\d{5}$/)
    assert.deepEqual(endpoint.app.name, 'certified')
    assert.deepEqual(endpoint.domains, [])
    assert.deepEqual(endpoint.ssl_cert.cert_domains, ['www.certified.example', 'certified.example'])
    assert.deepEqual([endpoint.ssl_cert['ca_signed?'], endpoint.ssl_cert['self_signed?'], endpoint.ssl_cert.acm], [false, false, false])
    assert.equal(endpoint.ssl_cert.subject, '/CN=www.certified.example')
    assert.equal(endpoint.ssl_cert.issuer, '/CN=Berth test CA')
    assert.match(endpoint.ssl_cert.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.doesNotMatch(JSON.stringify(endpoint), /PRIVATE KEY/)
    assert.deepEqual((await listed()).map((e) => e.name), [endpoint.name])
    assert.equal((await api('GET', `/apps/certified/sni-endpoints/${endpoint.name}`)).body.id, endpoint.id)
    assert.equal((await api('GET', `/apps/certified/sni-endpoints/${endpoint.id}`)).body.name, endpoint.name)
  })

  it('serves a domain with a certificate that covers it, and refuses one that does not', async () => {
    const [endpoint] = await listed()
    const updated = await api('PATCH', '/apps/certified/domains/www.certified.example', { sni_endpoint: endpoint.name })
    assert.equal(updated.status, 200, JSON.stringify(updated.body))
    assert.deepEqual(updated.body.sni_endpoint, { id: endpoint.id, name: endpoint.name })
    const byId = await api('GET', `/apps/certified/domains/${updated.body.id}`)
    assert.equal(byId.body.hostname, 'www.certified.example')
    assert.deepEqual((await listed())[0].domains, [updated.body.id])
    await api('POST', '/apps/certified/domains', { hostname: 'shop.other.example' })
    const uncovered = await api('PATCH', '/apps/certified/domains/shop.other.example', { sni_endpoint: endpoint.name })
    assert.equal(uncovered.status, 422)
    assert.deepEqual(uncovered.body, { id: 'invalid_params', message: `SSL certificate ${endpoint.name} does not cover shop.other.example (it covers www.certified.example, certified.example).` })
    assert.equal((await api('PATCH', '/apps/certified/domains/shop.other.example', { sni_endpoint: 'nope-1' })).status, 404)
    // Chosen as the domain is added: refused before anything is added.
    const refusedAdd = await api('POST', '/apps/certified/domains', { hostname: 'api.other.example', sni_endpoint: endpoint.name })
    assert.equal(refusedAdd.status, 422)
    assert.match(refusedAdd.body.message, /does not cover api\.other\.example/)
    assert.equal((await api('GET', '/apps/certified/domains/api.other.example')).status, 404, 'the domain was not added')
    const added = await api('POST', '/apps/certified/domains', { hostname: 'certified.example', sni_endpoint: endpoint.name })
    assert.deepEqual([added.status, added.body.sni_endpoint?.name], [201, endpoint.name])
    // A new certificate for the endpoint must still cover what it serves.
    const narrower = await ca.issue(['certified.example'])
    const refused = await api('PATCH', `/apps/certified/sni-endpoints/${endpoint.name}`, { certificate_chain: narrower.cert, private_key: narrower.key })
    assert.equal(refused.status, 422)
    assert.match(refused.body.message, /does not cover www\.certified\.example/)
  })

  it('refuses each kind of bad certificate with a 422 naming the problem, and stores nothing', async () => {
    const other = await ca.issue(['www.certified.example'])
    const day = 86_400_000
    const expired = await ca.issue(['old.certified.example'], { notBefore: new Date(Date.now() - 90 * day), notAfter: new Date(Date.now() - day) })
    const own = await selfSigned(['www.certified.example'])
    const cases: [unknown, unknown, RegExp][] = [
      [cert.cert, other.key, /private_key does not match the certificate/],
      [expired.cert, expired.key, /The certificate expired on/],
      [own.cert, own.key, /self-signed/],
      ['-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n', cert.key, /holds no PEM certificate|not a valid PEM certificate/],
      [cert.cert, 'hello', /private_key is not a PEM private key/],
      [undefined, cert.key, /certificate_chain must be/],
    ]
    const before = (await listed()).length
    for (const [chain, key, message] of cases) {
      const response = await api('POST', '/apps/certified/sni-endpoints', { certificate_chain: chain, private_key: key })
      assert.equal(response.status, 422, String(message))
      assert.equal(response.body.id, 'invalid_params')
      assert.match(response.body.message, message)
      // What was sent is never echoed back.
      assert.doesNotMatch(response.body.message, /PRIVATE KEY|not base64|MII/)
    }
    assert.equal((await listed()).length, before)
  })

  it('keeps certificates to the app\'s members', async () => {
    const stranger = await server.createUser('stranger@example.com')
    const [endpoint] = await listed()
    for (const [method, path, body] of [
      ['GET', '/apps/certified/sni-endpoints', undefined], ['GET', `/apps/certified/sni-endpoints/${endpoint.name}`, undefined],
      ['POST', '/apps/certified/sni-endpoints', { certificate_chain: cert.cert, private_key: cert.key }],
      ['PATCH', `/apps/certified/sni-endpoints/${endpoint.name}`, { certificate_chain: cert.cert, private_key: cert.key }],
      ['DELETE', `/apps/certified/sni-endpoints/${endpoint.name}`, undefined],
      ['PATCH', '/apps/certified/domains/www.certified.example', { sni_endpoint: null }],
    ] as const) {
      const response = await api(method, path, body, stranger)
      assert.equal(response.status, 404, `${method} ${path}`)
    }
    assert.equal((await listed()).length, 1)
  })

  it('removes a certificate: the domains it served stay, without it', async () => {
    const [endpoint] = await listed()
    assert.equal((await api('DELETE', `/apps/certified/sni-endpoints/${endpoint.name}`)).status, 200)
    assert.deepEqual(await listed(), [])
    assert.equal((await api('GET', '/apps/certified/domains/www.certified.example')).body.sni_endpoint, null)
  })
})
