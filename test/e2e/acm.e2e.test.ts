import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, type PeerCertificate } from 'node:tls'
import { after, before, describe, it } from 'node:test'
import { freePort } from '../../src/scheduler/local/free-port.js'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { herokuCli } from '../support/heroku-cli.js'
import { pebbleUnavailable, startPebble, type Pebble } from '../support/pebble.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_acm_key_0123456789abcdef'
const DAY_S = 86_400

/** The certificate the router serves for `servername`, checked against `ca` (null when the handshake fails). */
function served(tlsUrl: string, servername: string, ca: string): Promise<{ cert: PeerCertificate; authorized: boolean; error: string | null } | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(tlsUrl).port), servername, ca, rejectUnauthorized: false }, () => {
      resolve({ cert: socket.getPeerCertificate(), authorized: socket.authorized, error: socket.authorizationError ? String(socket.authorizationError) : null })
      socket.end()
    })
    socket.on('error', () => resolve(null))
  })
}

/**
 * Automated Certificate Management against Let's Encrypt's own test server (Pebble), started here:
 * HTTP-01 validation reaches Berth's router on loopback, for names Pebble's DNS resolves to 127.0.0.1.
 */
describe('ACM: certificates ordered over ACME, served by SNI, renewed, and failing orders retried', { skip: pebbleUnavailable() ?? false, timeout: 300_000 }, () => {
  let berth: BerthProcess
  let pebble: Pebble
  let cli: ReturnType<typeof herokuCli>
  let root: string
  const dir = mkdtempSync(join(tmpdir(), 'berth-acm-e2e-'))
  const api = apiClient(() => berth.apiUrl, KEY)
  const domain = async (host: string) => ((await api('GET', `/apps/shop/domains/${host}`)).body) as { acm_status: string | null; acm_status_reason: string | null }

  before(async () => {
    const routerPort = await freePort()
    // Issued certificates last 20 days, inside the 30-day renewal window: each is renewed at the next look.
    pebble = await startPebble({ httpPort: routerPort, certificateValiditySeconds: 20 * DAY_S })
    root = await pebble.issuingRoot()
    writeFileSync(join(dir, 'root.pem'), root)
    berth = await startBerthProcess({
      BERTH_ADMIN_API_KEY: KEY, BERTH_ROUTER_PORT: String(routerPort), BERTH_ACME_DIRECTORY_URL: pebble.directoryUrl,
      BERTH_ACME_CA_FILE: pebble.serverCaFile, BERTH_ACM_POLL: '2', BERTH_ACM_RETRY: '1',
    })
    cli = herokuCli(berth.apiUrl, KEY)
    await cli.ok(['apps:create', 'shop', '--no-remote'])
    const pushed = await git(['push', remoteUrl(berth.apiUrl, 'shop', KEY), 'main'], await fixtureRepo('inspector'))
    assert.equal(pushed.code, 0, pushed.stderr)
  })
  after(async () => {
    await berth?.stop()
    await pebble?.stop()
  })

  it('orders a certificate for each custom domain, serves it by SNI, and curl trusts it with Pebble\'s root', async () => {
    await cli.ok(['domains:add', 'www.shop.example', '-a', 'shop'])
    const enabled = await cli.ok(['certs:auto:enable', '-a', 'shop'])
    assert.match(enabled.stdout + enabled.stderr, /Enabling Automatic Certificate Management\.\.\. starting/)
    await waitFor(async () => (await domain('www.shop.example')).acm_status === 'cert issued', { timeoutMs: 60_000, intervalMs: 250, what: 'the certificate issued' })
    await waitFor(async () => (await served(berth.routerTlsUrl, 'www.shop.example', root))?.authorized, { timeoutMs: 10_000, what: 'the router serving it' })
    const tls = (await served(berth.routerTlsUrl, 'www.shop.example', root))!
    assert.equal(tls.cert.subjectaltname, 'DNS:www.shop.example')
    const port = new URL(berth.routerTlsUrl).port
    const curl = spawnSync('curl', ['-sS', '--resolve', `www.shop.example:${port}:127.0.0.1`, '--cacert', join(dir, 'root.pem'), `https://www.shop.example:${port}/headers`], { encoding: 'utf8' })
    assert.equal(curl.status, 0, curl.stderr)
    const headers = JSON.parse(curl.stdout)
    assert.deepEqual([headers['x-forwarded-proto'], headers['x-forwarded-port']], ['https', port])
    const auto = (await cli.ok(['certs:auto', '-a', 'shop'])).stdout
    assert.match(auto, /=== Automatic Certificate Management is enabled on shop/)
    assert.match(auto, /www\.shop\.example\s+Cert issued/)
    // Listed among the app's certificates as Heroku lists ACM's, and not the app's to remove.
    const listed = (await cli.ok(['certs', '-a', 'shop'])).stdout
    const name = /(acm-[0-9a-f]{8})\s+www\.shop\.example\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+False\s+ACM/.exec(listed)?.[1]
    assert.ok(name, listed)
    const removed = await cli.run(['certs:remove', '--name', name!, '--confirm', 'shop', '-a', 'shop'])
    assert.equal(removed.code, 2)
    assert.match(removed.stderr.replace(/\s*›\s*/g, ' '), /is managed by Automated Certificate Management/)
  })

  it('renews a certificate before it expires, and serves the new one to new connections', async () => {
    const first = (await served(berth.routerTlsUrl, 'www.shop.example', root))!.cert.serialNumber
    await waitFor(async () => {
      const now = await served(berth.routerTlsUrl, 'www.shop.example', root)
      return now?.authorized && now.cert.serialNumber !== first
    }, { timeoutMs: 60_000, intervalMs: 500, what: 'a renewed certificate' })
    const logs = await cli.ok(['logs', '-n', '200', '-a', 'shop'])
    assert.match(logs.stdout, /app\[api\]: ACM: renewed the certificate for www\.shop\.example, valid until/)
  })

  it('shows why an order fails, and keeps trying with longer waits', async () => {
    await pebble.breakDns('broken.shop.example')
    await cli.ok(['domains:add', 'broken.shop.example', '-a', 'shop'])
    const failing = await waitFor(async () => {
      const d = await domain('broken.shop.example')
      return d.acm_status === 'failing' && d.acm_status_reason ? d : null
    }, { timeoutMs: 60_000, intervalMs: 250, what: 'the order failing' })
    assert.match(failing.acm_status_reason!, /could not resolve|SERVFAIL|DNS/i)
    const auto = (await cli.ok(['certs:auto', '-a', 'shop'])).stdout
    assert.match(auto, /broken\.shop\.example\s+Failing\s+\S/)
    assert.match(auto, /=== Some domains are failing validation, please verify that your DNS matches: heroku domains/)
    const logs = await waitFor(async () => {
      const text = (await cli.ok(['logs', '-n', '300', '-a', 'shop'])).stdout
      return (text.match(/ACM: could not get a certificate for broken\.shop\.example/g) ?? []).length >= 2 ? text : null
    }, { timeoutMs: 60_000, intervalMs: 1000, what: 'a second attempt' })
    const waits = [...logs.matchAll(/broken\.shop\.example \(attempt (\d+)\): .*Trying again in (\d+) s\./g)].map((m) => Number(m[2]))
    assert.ok(waits.length >= 2 && waits[1]! > waits[0]!, `the wait grows: ${waits.join(', ')}`)
    const refreshed = await cli.ok(['certs:auto:refresh', '-a', 'shop'])
    assert.match(refreshed.stdout + refreshed.stderr, /Refreshing Automatic Certificate Management\.\.\. done/)
  })

  it('stops serving a domain\'s certificate once the domain is removed, and all of ACM\'s once it is disabled', async () => {
    await cli.ok(['domains:remove', 'www.shop.example', '-a', 'shop'])
    await waitFor(async () => (await served(berth.routerTlsUrl, 'www.shop.example', root)) === null, { timeoutMs: 10_000, what: 'no certificate for a removed domain' })
    await cli.ok(['certs:auto:disable', '--confirm', 'shop', '-a', 'shop'])
    assert.match((await cli.ok(['certs:auto', '-a', 'shop'])).stdout, /Automatic Certificate Management is disabled on shop/)
  })
})
