import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { it } from 'node:test'
import { OutboundTimeout, postOutbound } from './post-outbound.js'

it('counts the resolution in the whole-request deadline, so a claim sized by it is never outlived', async (t) => {
  const server = createServer((_req, res) => setTimeout(() => res.end('ok'), 150))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => server.close())
  const { port } = server.address() as AddressInfo
  // A slow resolver (up to the guard's own timeout) and a slow receiver, each under the deadline, not together.
  const slowResolve = { resolve: async () => { await new Promise((resolve) => setTimeout(resolve, 150)); return { address: '127.0.0.1', family: 4 } } }
  const startedAt = Date.now()
  await assert.rejects(postOutbound({ url: new URL(`http://hooks.test:${port}/in`), body: '{}', headers: {}, outbound: slowResolve, timeoutMs: 250 }), OutboundTimeout)
  assert.ok(Date.now() - startedAt < 400, `gave up after ${Date.now() - startedAt} ms`)
  assert.equal(await postOutbound({ url: new URL(`http://hooks.test:${port}/in`), body: '{}', headers: {}, outbound: slowResolve, timeoutMs: 1000 }), 200)
})
