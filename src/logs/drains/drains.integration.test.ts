import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { freePort } from '../../scheduler/local/free-port.js'
import { httpsReceiver, receiverTls, startRsyslog, startTlsSyslog } from '../../../test/support/receivers.js'
import { startTestServer, type TestServer } from '../../../test/support/test-server.js'
import { waitFor } from '../../../test/support/wait-for.js'

describe('log drains against real receivers', () => {
  let server: TestServer
  let tls: Awaited<ReturnType<typeof receiverTls>>
  let appId: string
  before(async () => {
    tls = await receiverTls()
    // The receivers listen on loopback, which drains may reach only when the operator allows it.
    server = await startTestServer({ env: { BERTH_DRAIN_BUFFER: '50', BERTH_DRAIN_CA_FILE: tls.caFile, BERTH_OUTBOUND_ALLOW: '127.0.0.1/32' } })
    appId = (await server.request('POST', '/apps', { body: { name: 'drained' } })).body.id
  })
  after(async () => server.close())
  const say = (message: string, process = 'web.1') => server.logs.write({ appId, source: 'app', process, message, releaseVersion: 3 })

  it('manages drains with d.<uuid> tokens, removable by URL or token', async () => {
    const added = await server.request('POST', '/apps/drained/log-drains', { body: { url: 'syslog://127.0.0.1:9' } })
    assert.equal(added.status, 201)
    assert.match(added.body.token, /^d\.[0-9a-f-]{36}$/)
    assert.equal((await server.request('POST', '/apps/drained/log-drains', { body: { url: 'syslog://127.0.0.1:9' } })).status, 422)
    assert.equal((await server.request('POST', '/apps/drained/log-drains', { body: { url: 'ftp://example.com' } })).status, 422)
    const removed = await server.request('DELETE', `/apps/drained/log-drains/${encodeURIComponent(added.body.token)}`)
    assert.equal(removed.body.url, 'syslog://127.0.0.1:9')
    assert.equal((await server.request('DELETE', `/apps/drained/log-drains/${encodeURIComponent('syslog://127.0.0.1:9')}`)).status, 404)
  })

  it('delivers RFC 5424 frames to rsyslog over TCP, in order', async () => {
    const rsyslog = await startRsyslog()
    try {
      const { body: drain } = await server.request('POST', '/apps/drained/log-drains', { body: { url: `syslog://127.0.0.1:${rsyslog.port}` } })
      for (let i = 1; i <= 20; i++) say(`to rsyslog ${i}`)
      await waitFor(() => rsyslog.messages().filter((m) => m.includes('to rsyslog')).length === 20, { what: 'rsyslog to receive 20 lines' })
      const received = rsyslog.messages().filter((m) => m.includes('to rsyslog'))
      assert.match(received[0]!, new RegExp(`^<190>1 \\d{4}-\\d\\d-\\d\\dT[\\d:.]+\\+00:00 ${drain.token} app web\\.1 - - to rsyslog 1$`))
      assert.deepEqual(received.map((m) => Number(m.split(' ').at(-1))), Array.from({ length: 20 }, (_, i) => i + 1))
      await server.request('DELETE', `/apps/drained/log-drains/${drain.id}`)
    } finally {
      await rsyslog.stop()
    }
  })

  it('delivers over syslog+tls to a receiver the operator trusts', async () => {
    const receiver = await startTlsSyslog(tls)
    try {
      const { body: drain } = await server.request('POST', '/apps/drained/log-drains', { body: { url: `syslog+tls://127.0.0.1:${receiver.port}` } })
      say('over tls')
      await waitFor(() => receiver.frames.some((f) => f.endsWith(' - - over tls')), { what: 'the TLS receiver' })
      assert.match(receiver.frames.find((f) => f.endsWith('over tls'))!, new RegExp(`^<190>1 \\S+ ${drain.token} app web\\.1 - - over tls$`))
      await server.request('DELETE', `/apps/drained/log-drains/${drain.id}`)
    } finally {
      await receiver.stop()
    }
  })

  it('posts logplex-1 batches over HTTPS, keeps lines through an outage, and reports overflow with L10', async () => {
    const port = await freePort()
    const receiver = httpsReceiver(tls, port)
    const { body: drain } = await server.request('POST', '/apps/drained/log-drains', { body: { url: `https://127.0.0.1:${port}/logs` } })
    // The receiver is down: 70 lines arrive, 50 fit in the drain's buffer.
    for (let i = 1; i <= 70; i++) say(`batched ${i}`)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await receiver.listen()
    try {
      const frames = () => receiver.batches.flatMap((b) => b.frames)
      await waitFor(() => frames().filter((f) => f.includes('batched')).length === 50, { timeoutMs: 15_000, what: 'the buffered lines after recovery' })
      const batch = receiver.batches[0]!
      assert.equal(batch.headers['content-type'], 'application/logplex-1')
      assert.equal(batch.headers['logplex-drain-token'], drain.token)
      assert.equal(Number(batch.headers['logplex-msg-count']), batch.frames.length)
      assert.match(String(batch.headers['logplex-frame-id']), /^[0-9a-f-]{36}$/)
      assert.match(frames()[0]!, /^<190>1 \S+ host heroku logplex - Error L10 \(output buffer overflow\): 20 messages dropped since /)
      assert.deepEqual(frames().filter((f) => f.includes('batched')).map((f) => Number(f.split(' ').at(-1))), Array.from({ length: 50 }, (_, i) => i + 1))
      say('after recovery')
      await waitFor(() => frames().some((f) => f.endsWith(' - after recovery')), { what: 'a live line after recovery' })
    } finally {
      await receiver.stop()
    }
  })
})
