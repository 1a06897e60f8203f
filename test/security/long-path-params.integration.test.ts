import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { API_ROUTES, fillPath } from '../support/api-routes.js'
import { ADMIN_KEY, startTestServer, type TestServer } from '../support/test-server.js'

const DEFAULTS: Record<string, string> = { app: 'victim', release: 'v2', type: 'web', dyno: 'web.1' }

// Fastify refused path segments over 100 characters with a 414 the API turned into a 500. Now
// segments up to 2048 characters reach the routes (a drain's URL-encoded URL can be long), and
// longer ones are 404 not_found from the router itself, on every route, git's included.
describe('long path parameters on every route', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer()
    await server.request('POST', '/apps', { body: { name: 'victim' } })
  })
  after(async () => server.close())

  const routesWithParams = API_ROUTES.filter((route) => route.includes(':'))
  const basic = `Basic ${Buffer.from(`x:${ADMIN_KEY}`).toString('base64')}`

  for (const length of [101, 2048, 2049, 10_000]) {
    it(`answers a ${length}-character parameter with 4xx, and over 2048 with 404 not_found`, async () => {
      for (const route of routesWithParams) {
        for (const param of route.match(/:([a-z]+)/g)!.map((p) => p.slice(1))) {
          const { method, path } = fillPath(route, (name) => (name === param ? 'a'.repeat(length) : DEFAULTS[name] ?? 'x'))
          const response = await server.request(method, path, { headers: { Authorization: basic }, body: method === 'GET' ? undefined : {} })
          const where = `${route} with a ${length}-character :${param}: ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`
          assert.ok(response.status >= 400 && response.status < 500, where)
          if (length > 2048) assert.deepEqual([response.status, response.body.id], [404, 'not_found'], where)
        }
      }
    })
  }
})
