import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { startLoad } from '../support/load.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_health_key_0123456789abcdef'
// Webhooks go to a receiver on this machine's loopback, which Berth refuses unless allowed.
const ENV = { BERTH_ADMIN_API_KEY: KEY, BERTH_BOOT_TIMEOUT: '20', BERTH_STOP_TIMEOUT: '5', BERTH_OUTBOUND_ALLOW: '127.0.0.1/32' }

interface ReleaseJson { version: number; description: string; current: boolean; user: { email: string } }

describe('release health: metrics per release and automatic rollback after cutover', { timeout: 600_000 }, () => {
  let berth: BerthProcess
  const api = apiClient(() => berth.apiUrl, KEY)
  const releases = async (app: string) => (await api('GET', `/apps/${app}/releases`)).body as ReleaseJson[]
  const current = async (app: string) => (await releases(app)).find((r) => r.current)!
  const deploy = async (app: string) => {
    assert.equal((await api('POST', '/apps', { name: app })).status, 201)
    const pushed = await git(['push', remoteUrl(berth.apiUrl, app, KEY), 'main'], await fixtureRepo('inspector'))
    assert.equal(pushed.code, 0, pushed.stderr)
    await waitFor(async () => ((await api('GET', `/apps/${app}/dynos`)).body as { state: string }[]).some((d) => d.state === 'up'), { timeoutMs: 30_000, what: `${app} up` })
    return (await current(app)).version
  }
  const serving = (app: string, version: number) => waitFor(async () => {
    const response = await routerGet(berth.routerUrl, `${app}.localhost`)
    return response.status === 200 && JSON.parse(response.body).release === `v${version}`
  }, { timeoutMs: 60_000, what: `${app} v${version} serving` })

  before(async () => { berth = await startBerthProcess(ENV) })
  after(async () => berth?.stop())

  it('rolls back a release that answers 500s after boot, then one that is slow, with no request failed by the switch; never a quiet app', async (t) => {
    // A quiet app with a bad release: 5 requests, all 500s, never enough to judge.
    const quietV = await deploy('quiet')
    await api('PATCH', '/apps/quiet/auto-rollback', { enabled: true, min_requests: 20, window_seconds: 30 })
    await api('PATCH', '/apps/quiet/config-vars', { FAIL_PERCENT: '100' })
    await waitFor(async () => (await current('quiet')).version === quietV + 1, { timeoutMs: 30_000, what: 'quiet\'s bad release live' })
    const quietSince = Date.now()
    for (let i = 0; i < 5; i++) assert.equal((await routerGet(berth.routerUrl, 'quiet.localhost')).status, 500)

    const good = await deploy('shop')
    const settings = await api('PATCH', '/apps/shop/auto-rollback', { enabled: true, error_rate: 0.05, p95_factor: 2, min_requests: 20, window_seconds: 120 })
    assert.deepEqual(settings.body, { app: settings.body.app, enabled: true, error_rate: 0.05, p95_factor: 2, max_crashes: 3, window_seconds: 120, min_requests: 20 })
    // A webhook receiver for Berth's own event.
    const hooks: { resource: string; action: string; data: Record<string, any> }[] = []
    const receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => { body += chunk })
      req.on('end', () => { hooks.push(JSON.parse(body)); res.end() })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    t.after(() => receiver.close())
    const hook = await api('POST', '/apps/shop/webhooks', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, include: ['berth:auto-rollback'], level: 'sync' })
    assert.equal(hook.status, 201, JSON.stringify(hook.body))
    // The app's API lines as they come (the router's would push them out of the recent ones).
    const session = (await api('POST', '/apps/shop/log-sessions', { tail: true, source: 'app', dyno: 'api' })).body as { logplex_url: string }
    const tail = new AbortController()
    let apiText = ''
    void fetch(session.logplex_url, { signal: tail.signal }).then(async (response) => {
      for await (const chunk of response.body!) apiText += Buffer.from(chunk).toString()
    }).catch(() => {})
    // The app's own 500s say "deliberate"; anything else failed is the platform's.
    const load = startLoad(berth.routerUrl, 'shop.localhost', { clients: 6, maxRequests: 200_000, label: (body) => JSON.parse(body).release })
    await new Promise((resolve) => setTimeout(resolve, 3000))

    assert.equal((await api('PATCH', '/apps/shop/config-vars', { FAIL_PERCENT: '30' })).status, 200)
    const bad = good + 1
    await waitFor(async () => (await current('shop')).version === bad + 1, { timeoutMs: 60_000, what: 'the automatic rollback of the failing release' })
    const rollback = (await releases('shop')).find((r) => r.version === bad + 1)!
    assert.match(rollback.description, new RegExp(`^Auto-rollback to v${good}: 5xx rate \\d+% > 5% over \\d+ s after cutover$`))
    assert.equal(rollback.user.email, 'auto-rollback@berth.local')
    await serving('shop', bad + 1)

    // A slow release: every request 900 ms, against the milliseconds of the one it replaced.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    assert.equal((await api('PATCH', '/apps/shop/config-vars', { SLOW_MS: '900' })).status, 200)
    const slow = bad + 2
    await waitFor(async () => (await current('shop')).version === slow + 1, { timeoutMs: 90_000, what: 'the automatic rollback of the slow release' })
    const second = (await releases('shop')).find((r) => r.version === slow + 1)!
    assert.match(second.description, new RegExp(`^Auto-rollback to v${bad + 1}: p95 \\d+ ms > 2x v${bad + 1}'s \\d+ ms over \\d+ s after cutover$`))
    await serving('shop', slow + 1)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const result = await load.stop()
    const platformFailures = result.failed.filter((f) => !f.body.includes('deliberate'))
    assert.deepEqual(platformFailures, [], 'no request failed because of a switch')
    assert.ok(result.failed.length > 0 && [good, bad + 1, slow + 1].every((v) => result.seen.has(`v${v}`)), JSON.stringify([...result.seen]))

    // Never a rollback of a rollback, and the log says why.
    assert.equal((await current('shop')).version, slow + 1)
    tail.abort()
    assert.ok(apiText.split('\n').some((line) => line.includes(`app[api]: Auto-rollback to v${good}: 5xx rate`)), apiText)

    // Each automatic rollback reached the webhook, saying what it undid and why.
    await waitFor(() => hooks.length === 2, { timeoutMs: 20_000, what: `two berth:auto-rollback deliveries: ${JSON.stringify(hooks)}` })
    assert.deepEqual(hooks.map((h) => [h.resource, h.action, h.data.rolled_back_from.version, h.data.rolled_back_to.version, h.data.release.version]),
      [['auto-rollback', 'create', bad, good, bad + 1], ['auto-rollback', 'create', slow, bad + 1, slow + 1]])
    assert.match(hooks[0]!.data.reason, /^5xx rate \d+% > 5%/)

    // The metrics of the failing release beside the one it replaced.
    const metrics = (await api('GET', `/apps/shop/releases/${bad}/metrics`)).body
    assert.equal(metrics.compare.release.version, good)
    assert.ok(metrics.requests >= 20 && metrics.error_rate > 0.2 && metrics.error_rate < 0.4, JSON.stringify(metrics))
    assert.equal(metrics.compare.status['5xx'], 0)

    // The quiet app's watch has ended with its bad release still live.
    await waitFor(async () => Date.now() - quietSince > 36_000, { timeoutMs: 60_000, intervalMs: 1000, what: 'quiet\'s window to pass' })
    assert.equal((await current('quiet')).version, quietV + 1)
  })

  it('keeps the counts through a restart, as many as the load generator sent', async () => {
    const version = await deploy('counted')
    // Exactly this many requests through the router, four at a time, and nothing else to this app.
    let sent = 0
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 500; i++) {
        assert.equal((await routerGet(berth.routerUrl, 'counted.localhost')).status, 200)
        sent++
      }
    }))
    // A graceful restart: what was counted is stored on the way down.
    berth.child.kill('SIGTERM')
    await once(berth.child, 'exit')
    berth = await startBerthProcess(ENV, { dataDir: berth.dataDir })
    const metrics = (await api('GET', `/apps/counted/releases/${version}/metrics`)).body
    assert.ok(Math.abs(metrics.requests - sent) <= sent * 0.01, `counted ${metrics.requests}, sent ${sent}`)
    assert.equal(metrics.status['2xx'], metrics.requests)
  })

  it('watches the release that went live before a restart again, and rolls it back when it fails after', async () => {
    const good = await deploy('restarted')
    await api('PATCH', '/apps/restarted/auto-rollback', { enabled: true, min_requests: 20, window_seconds: 120 })
    assert.equal((await api('PATCH', '/apps/restarted/config-vars', { FAIL_PERCENT: '100' })).status, 200)
    await waitFor(async () => (await current('restarted')).version === good + 1, { timeoutMs: 30_000, what: 'the bad release live' })
    // Restarted before it served a request: only the resumed watch can see it fail.
    berth.child.kill('SIGTERM')
    await once(berth.child, 'exit')
    berth = await startBerthProcess(ENV, { dataDir: berth.dataDir })
    await waitFor(async () => {
      for (let i = 0; i < 10; i++) await routerGet(berth.routerUrl, 'restarted.localhost')
      return (await current('restarted')).version === good + 2
    }, { timeoutMs: 60_000, intervalMs: 10, what: 'the automatic rollback after the restart' })
    const rollback = (await releases('restarted')).find((r) => r.version === good + 2)!
    assert.match(rollback.description, new RegExp(`^Auto-rollback to v${good}: 5xx rate 100% > 5% over \\d+ s after cutover$`))
  })
})
