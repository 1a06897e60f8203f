import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, describe, it } from 'node:test'
import { freePort } from '../../src/scheduler/local/free-port.js'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { dynoProcesses, privateWorkDir, stillRunning } from '../support/dyno-processes.js'
import { routerGet } from '../support/router-client.js'
import { slugArchive } from '../support/slug-archive.js'
import { waitFor } from '../support/wait-for.js'

// SIGTERM must stop `berth server` within the dyno stop timeout, whatever clients hold open (a log
// tail, keep-alive connections to the API and through the router, HTTP and HTTPS), so a restart on the same ports
// works at once instead of failing with EADDRINUSE for minutes.

const KEY = 'berth_e2e_shutdown_key_0123456789'
const STOP_TIMEOUT_S = 10

/** A GET over a keep-alive agent (HTTP or HTTPS, as the URL says); the connection stays open, idle, once the answer is read. */
function keepAliveGet(url: string, agent: Agent, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? httpsRequest : request)(url, { agent, headers }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('berth server shutdown', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-shutdown-'))
  const workDir = privateWorkDir()
  let berth: BerthProcess | null = null
  const agents: Agent[] = []
  const api = apiClient(() => berth!.apiUrl, KEY)

  let hung = false

  after(async () => {
    for (const agent of agents) agent.destroy()
    if (hung) await berth?.kill()
    await berth?.stop()
    rmSync(dirname(workDir), { recursive: true, force: true })
  })

  it('exits well within the stop timeout with a tail and keep-alive connections open, and restarts on the same ports', async (t) => {
    const ports = { BERTH_API_PORT: String(await freePort()), BERTH_ROUTER_PORT: String(await freePort()), BERTH_ROUTER_TLS_PORT: String(await freePort()), BERTH_RENDEZVOUS_PORT: String(await freePort()) }
    const env = { BERTH_ADMIN_API_KEY: KEY, BERTH_STOP_TIMEOUT: String(STOP_TIMEOUT_S), BERTH_WORK_DIR: workDir, ...ports }
    berth = await startBerthProcess(env, { dataDir })
    await api('POST', '/apps', { name: 'stopping' })
    const slug = (await api('POST', '/apps/stopping/slugs', { process_types: { web: 'node server.js' } })).body
    assert.equal((await fetch(slug.blob.url, { method: 'PUT', body: slugArchive('node-basic') })).status, 200)
    assert.equal((await api('POST', '/apps/stopping/releases', { slug: slug.id })).status, 201)
    const host = 'stopping.localhost'
    assert.equal((await routerGet(berth.routerUrl, host)).status, 200)

    const tailUrl = (await api('POST', '/apps/stopping/log-sessions', { tail: true })).body.logplex_url
    const tail = await fetch(tailUrl, { headers: { Accept: 'text/event-stream' } })
    let tailEnded = false
    void tail.text().then(() => { tailEnded = true }, () => { tailEnded = true })
    const apiAgent = new Agent({ keepAlive: true })
    const routerAgent = new Agent({ keepAlive: true })
    // The router's HTTPS: the local CA mints the app's certificate, and the connection stays open too.
    const routerTlsAgent = new HttpsAgent({ keepAlive: true, ca: readFileSync(join(dataDir, 'tls', 'ca.crt')) })
    agents.push(apiAgent, routerAgent, routerTlsAgent)
    assert.equal(await keepAliveGet(`${berth.apiUrl}/account`, apiAgent, { Authorization: `Bearer ${KEY}` }), 200)
    assert.equal(await keepAliveGet(berth.routerUrl, routerAgent, { Host: host }), 200)
    assert.equal(await keepAliveGet(berth.routerTlsUrl, routerTlsAgent, { Host: host }), 200)
    const dynos = dynoProcesses(workDir)
    assert.ok(dynos.length > 0, 'the app runs a dyno')

    const child = berth.child
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const signalledAt = Date.now()
    child.kill('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => { timer = setTimeout(resolve, STOP_TIMEOUT_S * 2000, 'hung') })])
    clearTimeout(timer)
    const tookMs = Date.now() - signalledAt
    hung = code === 'hung'
    t.diagnostic(`exited ${tookMs} ms after SIGTERM`)
    assert.notEqual(code, 'hung', `berth server still running ${STOP_TIMEOUT_S * 2} s after SIGTERM`)
    assert.equal(code, 0)
    assert.ok(tookMs < (STOP_TIMEOUT_S * 1000) / 2, `took ${tookMs} ms to exit`)
    await waitFor(() => tailEnded, { timeoutMs: 2000, what: 'the tail to end' })
    // The sandbox's last processes are reaped by the kernel a moment after the server has seen it exit.
    await waitFor(() => stillRunning(dynos).length === 0, { timeoutMs: 3000, what: `the dynos to stop: ${JSON.stringify(stillRunning(dynos))}` })

    berth = await startBerthProcess(env, { dataDir })
    assert.equal(new URL(berth.apiUrl).port, ports.BERTH_API_PORT)
    assert.equal(new URL(berth.routerUrl).port, ports.BERTH_ROUTER_PORT)
    assert.equal(new URL(berth.routerTlsUrl).port, ports.BERTH_ROUTER_TLS_PORT)
    await waitFor(async () => (await routerGet(berth!.routerUrl, host)).status === 200, { timeoutMs: 10_000, what: 'the app to serve again' })
  })
})
