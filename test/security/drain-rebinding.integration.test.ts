import assert from 'node:assert/strict'
import { createServer as createHttpServer } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { HttpsDrain } from '../../src/logs/drains/https-drain.js'
import { SyslogDrain } from '../../src/logs/drains/syslog-drain.js'
import { parseCidr } from '../../src/core/net/parse-ip.js'
import { OutboundGuard, type Resolve } from '../../src/outbound/outbound-guard.js'
import { waitFor } from '../support/wait-for.js'

const line = { appId: 'a', source: 'app' as const, process: 'web.1', message: 'secret-ish log line', releaseVersion: 1, id: 1, atMicros: Date.now() * 1000 }

/**
 * The attacker's DNS server: the name resolves to a public address while `drains:add` checks
 * it, then to 127.0.0.1 (DNS rebinding). Real DNS cannot be steered on a test machine, so this
 * resolver plays the attacker's server; everything else (senders, sockets, receiver) is real.
 */
function rebindingDns(): { resolve: Resolve; lookups: () => number; rebind(): void } {
  let answer = '93.184.216.34'
  let lookups = 0
  return {
    resolve: async () => {
      lookups++
      return [{ address: answer, family: 4 }]
    },
    lookups: () => lookups,
    rebind: () => { answer = '127.0.0.1' },
  }
}

async function listen(server: { listen(port: number, host: string, done: () => void): unknown; address(): unknown }): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

describe('drain senders check the address at every connection', () => {
  it('never connects a syslog drain whose name rebinds to loopback, and delivers when the operator allows it', async (t) => {
    const received: string[] = []
    const receiver = createServer((socket) => socket.on('data', (chunk) => received.push(chunk.toString())))
    const port = await listen(receiver)
    t.after(() => receiver.close())
    const url = new URL(`syslog://logs.attacker.example:${port}`)

    const dns = rebindingDns()
    const guard = new OutboundGuard({ allow: [], resolve: dns.resolve })
    assert.equal(await guard.problem(url.hostname), null, 'the name looked public when the drain was added')
    dns.rebind()
    const drain = new SyslogDrain(url, 'd.rebound', { capacity: 10, outbound: guard })
    t.after(() => drain.close())
    drain.push(line)
    await waitFor(() => dns.lookups() >= 4, { what: 'the sender to try (and retry) the connection' })
    assert.deepEqual(received, [], 'the rebound name reached the loopback receiver')

    // The same name with 127.0.0.1 allowed: the sender connects to the address the guard returned.
    const allowed = new SyslogDrain(url, 'd.allowed', { capacity: 10, outbound: new OutboundGuard({ allow: [parseCidr('127.0.0.1/32')!], resolve: dns.resolve }) })
    t.after(() => allowed.close())
    allowed.push(line)
    await waitFor(() => received.join('').includes('secret-ish log line'), { what: 'the allowed drain to deliver' })
    assert.match(received.join(''), /d\.allowed app web\.1 - - secret-ish log line/)
  })

  it('never posts an HTTPS drain batch to a name that rebinds to loopback', async (t) => {
    const bodies: string[] = []
    const receiver = createHttpServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => { body += chunk })
      req.on('end', () => { bodies.push(`${req.headers.host} ${body}`); res.end() })
    })
    const port = await listen(receiver)
    t.after(() => receiver.close())
    const url = new URL(`http://logs.attacker.example:${port}/ingest`)

    const dns = rebindingDns()
    const guard = new OutboundGuard({ allow: [], resolve: dns.resolve })
    assert.equal(await guard.problem(url.hostname), null)
    dns.rebind()
    const drain = new HttpsDrain(url, 'd.rebound', { capacity: 10, outbound: guard })
    t.after(() => drain.close())
    drain.push(line)
    await waitFor(() => dns.lookups() >= 3, { what: 'the sender to try (and retry) the post' })
    assert.deepEqual(bodies, [])

    const allowed = new HttpsDrain(url, 'd.allowed', { capacity: 10, outbound: new OutboundGuard({ allow: [parseCidr('127.0.0.1/32')!], resolve: dns.resolve }) })
    t.after(() => allowed.close())
    allowed.push(line)
    await waitFor(() => bodies.length > 0, { what: 'the allowed drain to post' })
    assert.match(bodies[0]!, new RegExp(`^logs\\.attacker\\.example:${port} \\d+ <190>1 .* secret-ish log line$`))
  })
})
