import assert from 'node:assert/strict'
import { once } from 'node:events'
import { connect, createServer, type AddressInfo, type Server } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { AddonRelay, addonServersToRelay } from './addon-relay.js'

/** What a client at `from` reads back from a relay at 127.0.0.2:port after writing `text`, or the error that ended it. */
async function exchange(port: number, from: string, text: string): Promise<string> {
  const socket = connect({ host: '127.0.0.2', port, localAddress: from })
  let read = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => { read += chunk })
  socket.write(text)
  const ended = await Promise.race([once(socket, 'close').then(() => read), new Promise<string>((resolve) => setTimeout(() => resolve(read), 1000))])
  socket.destroy()
  return ended
}

describe('AddonRelay', () => {
  let server: Server
  let port: number
  before(async () => {
    // An "add-on server" on loopback that answers what it reads, upper-cased, and hangs up.
    server = createServer((socket) => socket.once('data', (data) => socket.end(data.toString().toUpperCase())))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  after(() => server.close())

  it('relays a dyno\'s connection to the loopback server, at the server\'s port on the nodes\' address', async () => {
    const relay = await AddonRelay.listen({ host: '127.0.0.2', servers: [{ host: '127.0.0.1', port }], admits: async (address) => address === '127.0.0.3' })
    try {
      assert.deepEqual(relay.addressOf({ host: '127.0.0.1', port }), { host: '127.0.0.2', port })
      assert.equal(relay.addressOf({ host: '127.0.0.1', port: port + 1 }), null)
      assert.deepEqual(relay.ports, [port])
      assert.equal(await exchange(port, '127.0.0.3', 'ping'), 'PING')
    } finally {
      await relay.close()
    }
  })

  it('hangs up on a connection that is not from a dyno, before it reaches the server', async () => {
    let reached = 0
    server.on('connection', () => reached++)
    const relay = await AddonRelay.listen({ host: '127.0.0.2', servers: [{ host: '127.0.0.1', port }], admits: async (address) => address === '127.0.0.3' })
    try {
      const before = reached
      assert.equal(await exchange(port, '127.0.0.4', 'ping'), '')
      assert.equal(reached, before)
      // A failing admission check refuses too.
      const failing = await AddonRelay.listen({ host: '127.0.0.5', servers: [{ host: '127.0.0.1', port }], admits: async () => { throw new Error('engine away') } })
      const socket = connect({ host: '127.0.0.5', port })
      await once(socket, 'close')
      await failing.close()
    } finally {
      await relay.close()
    }
  })

  it('needs no relay where the port on that address is taken already (the server listening on every address)', async () => {
    const taken = createServer((socket) => socket.end('itself'))
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.6', resolve))
    const relay = await AddonRelay.listen({ host: '127.0.0.6', servers: [{ host: '127.0.0.1', port }], admits: async () => true })
    try {
      assert.deepEqual(relay.addressOf({ host: '127.0.0.1', port }), { host: '127.0.0.6', port })
    } finally {
      await relay.close()
      taken.close()
    }
  })

  it('relays the add-on servers Berth is configured with when they are on loopback, and no others', () => {
    assert.deepEqual(addonServersToRelay({ postgresUrl: 'postgres://admin:pw@localhost/postgres', redisUrl: 'redis://default:pw@127.0.0.1:6380' }),
      [{ host: '127.0.0.1', port: 5432 }, { host: '127.0.0.1', port: 6380 }])
    assert.deepEqual(addonServersToRelay({ postgresUrl: 'postgres://admin:pw@db.internal/postgres', redisUrl: null }), [])
  })
})
