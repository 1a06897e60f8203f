import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { waitFor } from '../../../test/support/wait-for.js'
import { parseCidr } from '../../core/net/parse-ip.js'
import { OutboundGuard } from '../../outbound/outbound-guard.js'
import type { BufferedLine } from '../log-buffer.js'
import type { Drain, DrainOptions } from './drain.js'

/** One line as a receiver got it, whatever the wire format. */
export interface ReceivedLine {
  /** The drain token the line was marked with (syslog's hostname field, or logplex-1's header). */
  token: string
  source: string
  process: string
  message: string
}

/** A receiver of the drain's kind on a loopback port; it listens only once asked, and may stop and listen again. */
export interface DrainReceiver {
  url: URL
  listen(): Promise<void>
  stop(): Promise<void>
  received(): ReceivedLine[]
  connections(): number
}

export interface DrainHarness {
  receiver(): Promise<DrainReceiver>
  open(url: URL, token: string, options: DrainOptions): Drain
  /** Extra CA certificates the harness's receivers need trusted. */
  ca?: string[]
}

const TOKEN = 'd.0b7f3a52-6c0e-4d6e-9f0a-1c2b3d4e5f60'
const allowLoopback = new OutboundGuard({ allow: [parseCidr('127.0.0.1/32')!] })
let seq = 0
const line = (message: string): BufferedLine => ({ id: ++seq, atMicros: Date.now() * 1000, appId: 'a1', source: 'app', process: 'web.1', message, releaseVersion: 3 })

/** The suite every Drain passes unchanged: syslog over TCP and TLS, HTTPS, and any later kind. */
export function runDrainContract(name: string, harness: DrainHarness): void {
  describe(`Drain contract: ${name}`, () => {
    const drains: Drain[] = []
    const receivers: DrainReceiver[] = []
    const open = async (options: Partial<DrainOptions> = {}) => {
      const receiver = await harness.receiver()
      receivers.push(receiver)
      const drain = harness.open(receiver.url, TOKEN, { capacity: 1000, ca: harness.ca, outbound: allowLoopback, ...options })
      drains.push(drain)
      return { receiver, drain }
    }
    const messages = (receiver: DrainReceiver) => receiver.received().map((r) => r.message)
    after(async () => {
      for (const drain of drains) drain.close()
      for (const receiver of receivers) await receiver.stop()
    })

    it('delivers each line in order, marked with the drain token, its source and process', async () => {
      const { receiver, drain } = await open()
      await receiver.listen()
      for (let i = 1; i <= 30; i++) drain.push(line(`in order ${i}`))
      await waitFor(() => receiver.received().length === 30, { what: '30 lines' })
      assert.deepEqual(messages(receiver), Array.from({ length: 30 }, (_, i) => `in order ${i + 1}`))
      assert.deepEqual(receiver.received()[0], { token: TOKEN, source: 'app', process: 'web.1', message: 'in order 1' })
    })

    it('keeps lines while the receiver is away, within its capacity, then says how many it dropped (L10)', async () => {
      const { receiver, drain } = await open({ capacity: 10 })
      for (let i = 1; i <= 15; i++) drain.push(line(`kept ${i}`))
      await new Promise((resolve) => setTimeout(resolve, 200))
      await receiver.listen()
      await waitFor(() => receiver.received().length === 11, { timeoutMs: 15_000, what: 'the kept lines and the notice' })
      const [notice, ...kept] = receiver.received()
      assert.match(notice!.message, /^Error L10 \(output buffer overflow\): 5 messages dropped since /)
      assert.deepEqual([notice!.source, notice!.process], ['heroku', 'logplex'])
      assert.deepEqual(kept.map((r) => r.message), Array.from({ length: 10 }, (_, i) => `kept ${i + 1}`))
    })

    it('goes back to a receiver that restarts, with what was pushed while it was away', async () => {
      const { receiver, drain } = await open()
      await receiver.listen()
      drain.push(line('before'))
      await waitFor(() => messages(receiver).includes('before'))
      await receiver.stop()
      // Syslog has no acknowledgement: a line written in the moment the receiver goes away may be
      // lost (RFC 6587). Once the drain has seen it go, what is pushed waits for it.
      await new Promise((resolve) => setTimeout(resolve, 200))
      drain.push(line('while away'))
      await new Promise((resolve) => setTimeout(resolve, 100))
      await receiver.listen()
      drain.push(line('after'))
      await waitFor(() => messages(receiver).includes('after') && messages(receiver).includes('while away'), { timeoutMs: 15_000, what: 'the lines after the restart' })
    })

    it('never connects to an address the outbound guard refuses', async () => {
      const { receiver, drain } = await open({ outbound: new OutboundGuard({ allow: [] }) })
      await receiver.listen()
      drain.push(line('refused'))
      await new Promise((resolve) => setTimeout(resolve, 500))
      assert.equal(receiver.connections(), 0)
      assert.deepEqual(receiver.received(), [])
    })

    it('delivers nothing pushed after it is closed', async () => {
      const { receiver, drain } = await open()
      await receiver.listen()
      drain.push(line('open'))
      await waitFor(() => messages(receiver).includes('open'))
      drain.close()
      drain.push(line('closed'))
      await new Promise((resolve) => setTimeout(resolve, 300))
      assert.deepEqual(messages(receiver), ['open'])
    })
  })
}
