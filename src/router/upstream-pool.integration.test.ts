import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, describe, it } from 'node:test'
import { endpoint } from './route-source.js'
import { UpstreamPool } from './upstream-pool.js'

describe('the pool of keep-alive connections to dynos', () => {
  const pool = new UpstreamPool({ idleTimeoutMs: 150 })
  const server = createServer((_req, res) => res.end('ok'))
  after(() => {
    pool.close()
    server.close()
  })

  it('reuses an idle connection, and closes it once it has been idle longer than the timeout', async () => {
    let open = 0
    let opened = 0
    server.on('connection', (socket) => {
      open++
      opened++
      socket.on('close', () => open--)
    })
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
    const get = () => new Promise<string>((resolve, reject) => {
      let body = ''
      pool.acquire(endpoint('127.0.0.1', port)).send('GET / HTTP/1.1\r\nHost: dyno\r\n\r\n', false, {
        head: (head) => assert.equal(head.status, 200),
        body: (chunk) => { body += chunk.toString() },
        end: () => resolve(body),
        fail: (failure) => reject(new Error(failure.code)),
      })
    })
    assert.deepEqual([await get(), await get()], ['ok', 'ok'])
    assert.deepEqual([opened, open], [1, 1], 'the second request reused the first connection')
    await new Promise((resolve) => setTimeout(resolve, 500))
    assert.equal(open, 0, 'the idle connection was closed by the pool')
    assert.equal(await get(), 'ok')
    assert.equal(opened, 2, 'a new connection replaced it')
  })
})
