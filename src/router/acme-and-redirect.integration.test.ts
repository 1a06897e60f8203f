import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { routerGet } from '../../test/support/router-client.js'
import type { LogLine } from '../logs/log-sink.js'
import { Router } from './proxy.js'
import { endpoint, type AppRoute } from './route-source.js'

describe('the router over plain HTTP: ACME challenges, and the redirect to HTTPS', () => {
  const logs: LogLine[] = []
  const route = (dynoPort: number, forceHttps = false): AppRoute => ({
    appId: 'a1', appName: 'shop', maintenance: false, forceHttps, state: 'serving', backends: [{ dynoName: 'web.1', ...endpoint('127.0.0.1', dynoPort) }],
  })
  let dyno: Server
  let dynoPort = 0
  const routers: Router[] = []
  const open = async (forceHttps: boolean) => {
    const router = new Router({
      routes: {
        lookup: (host) => (host === 'shop.example.test' ? route(dynoPort) : host === 'strict.example.test' ? route(dynoPort, true) : null),
        onChange: () => () => undefined,
      },
      logs: { write: (line) => void logs.push(line) }, requestTimeoutMs: 2000, bootQueueMs: 100, forceHttps,
      challenges: { keyAuthorization: async (token, hostname) => (token === 'known-token' && hostname === 'shop.example.test' ? 'known-token.thumbprint' : null) },
    })
    routers.push(router)
    const url = `http://127.0.0.1:${await router.listen(0, '127.0.0.1')}`
    const tlsPort = await router.listenTls(0, '127.0.0.1', { certificates: { certificateFor: () => null }, fallback: { certificateFor: () => null } })
    return { url, tlsPort }
  }

  before(async () => {
    dyno = createServer((req, res) => res.end(`app saw ${req.url}`))
    dynoPort = await new Promise<number>((resolve) => dyno.listen(0, '127.0.0.1', () => resolve((dyno.address() as { port: number }).port)))
  })
  after(async () => {
    for (const router of routers) await router.close()
    dyno.close()
  })

  it('answers a challenge Berth is waiting on for a routed host, and passes any other token to the app', async () => {
    const { url } = await open(false)
    const answered = await routerGet(url, 'shop.example.test', '/.well-known/acme-challenge/known-token')
    assert.deepEqual([answered.status, answered.body, answered.headers['content-type']], [200, 'known-token.thumbprint', 'text/plain'])
    assert.equal((await routerGet(url, 'shop.example.test', '/.well-known/acme-challenge/other-token')).body, 'app saw /.well-known/acme-challenge/other-token')
    assert.equal((await routerGet(url, 'unrouted.example.test', '/.well-known/acme-challenge/known-token')).status, 404, 'never for a host Berth does not route')
  })

  it('with BERTH_FORCE_HTTPS, redirects plain HTTP to the same URL over HTTPS (308), challenges excepted', async () => {
    const { url, tlsPort } = await open(true)
    const redirected = await routerGet(url, 'shop.example.test', '/cart?item=1')
    assert.equal(redirected.status, 308)
    assert.equal(redirected.headers.location, `https://shop.example.test:${tlsPort}/cart?item=1`)
    assert.match(logs.at(-1)!.message, /status=308 bytes=0 protocol=http$/)
    assert.equal((await routerGet(url, 'shop.example.test', '/.well-known/acme-challenge/known-token')).body, 'known-token.thumbprint')
  })

  it('redirects only the apps that ask for it (BERTH_FORCE_HTTPS=true in their config) when the operator does not', async () => {
    const { url, tlsPort } = await open(false)
    assert.equal((await routerGet(url, 'shop.example.test', '/')).status, 200)
    const strict = await routerGet(url, 'strict.example.test', '/login')
    assert.deepEqual([strict.status, strict.headers.location], [308, `https://strict.example.test:${tlsPort}/login`])
  })
})
