import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:net'
import { describe, it } from 'node:test'
import { DynoPorts } from './dyno-ports.js'

/** A small range of ports nothing on this machine listens on, found by trying. */
async function quietRange(size: number): Promise<number> {
  for (let first = 21000; first < 29000; first += size) {
    const ports = new DynoPorts(first, first + size - 1)
    const got = new Set<number>()
    try {
      for (let i = 0; i < size; i++) got.add(await ports.allocate())
    } catch {
      continue
    }
    if (got.size === size) return first
  }
  throw new Error('no quiet port range')
}

const listenOn = (port: number, host?: string) => new Promise<Server>((resolve, reject) => {
  const server = createServer()
  server.once('error', reject)
  server.listen(port, host, () => resolve(server))
})

describe('DynoPorts', () => {
  it('hands each port of its range out once until it is released, skipping ports something listens on', async () => {
    const first = await quietRange(4)
    const busy = await listenOn(first + 1, '0.0.0.0')
    try {
      const ports = new DynoPorts(first, first + 3)
      const handed = [await ports.allocate(), await ports.allocate(), await ports.allocate()]
      assert.deepEqual([...handed].sort(), [first, first + 2, first + 3])
      await assert.rejects(ports.allocate(), /no free port for a web dyno in/)
      ports.release(handed[1]!)
      assert.equal(await ports.allocate(), handed[1])
    } finally {
      busy.close()
    }
  })

  it('refuses a range that is not one', () => {
    assert.throws(() => new DynoPorts(30000, 20000), RangeError)
    assert.throws(() => new DynoPorts(0, 10), RangeError)
  })
})
