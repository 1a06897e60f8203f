import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { answers, nextProbeMs, probeBoot } from './boot-probe.js'
import { freePort } from './free-port.js'

describe('the boot probe', () => {
  it('tells a dyno not listening yet, one listening whose health check fails, and one up', async () => {
    const port = await freePort()
    assert.equal(await answers({ host: '127.0.0.1', port, healthCheckPath: null }), 'down')
    let healthy = false
    const server = createServer((req, res) => {
      res.statusCode = healthy ? 200 : 503
      res.end()
    })
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    try {
      assert.equal(await answers({ host: '127.0.0.1', port, healthCheckPath: null }), 'up')
      assert.equal(await answers({ host: '127.0.0.1', port, healthCheckPath: '/health' }), 'unhealthy')
      healthy = true
      assert.equal(await answers({ host: '127.0.0.1', port, healthCheckPath: '/health' }), 'up')
    } finally {
      server.close()
    }
  })

  it("asks a listening dyno's health check no more often than every 50 ms (the app serves, and may log, each one)", async () => {
    let asked = 0
    let healthy = false
    const server = createServer((req, res) => {
      asked++
      res.statusCode = healthy ? 200 : 503
      res.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const up = new Promise<void>((resolve, reject) => {
        probeBoot({ host: '127.0.0.1', port, healthCheckPath: '/health' }, 10_000, { up: resolve, timedOut: () => reject(new Error('timed out')) })
      })
      await new Promise((resolve) => setTimeout(resolve, 600))
      // Every 10 ms would be about 60; a busy machine only stretches the waits.
      assert.ok(asked >= 1 && asked <= 13, `the health check was asked ${asked} times in 600 ms`)
      healthy = true
      await up
    } finally {
      server.close()
    }
  })
})

describe('nextProbeMs', () => {
  it('probes a dyno not listening yet every 10 ms early on, every 50 ms after 2 s or once it listens', () => {
    assert.equal(nextProbeMs('down', 100, 1), 10)
    assert.equal(nextProbeMs('down', 2500, 1), 50)
    assert.equal(nextProbeMs('unhealthy', 100, 1), 50)
  })

  it('spreads many dynos booting at once so that together they probe at most about 500 times a second', () => {
    assert.equal(nextProbeMs('down', 100, 5), 10)
    assert.equal(nextProbeMs('down', 100, 15), 30)
    assert.equal(nextProbeMs('down', 100, 100), 50)
  })
})
