import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { waitFor } from '../../test/support/wait-for.js'
import type { App } from '../core/apps/app.js'
import { runRouteSourceContract, type RouteSourceHarness } from '../router/route-source.contract.js'
import { FakeScheduler } from '../scheduler/fake/fake-scheduler.js'
import type { DynoSpec } from '../scheduler/scheduler.js'
import { RouteTable, type RouteStore } from './route-table.js'

const webSpec = (appId: string, name: string): DynoSpec => ({
  appId, appName: appId, name, type: 'web', releaseId: `${appId}-v1`, releaseVersion: 1, slugId: 's', slugChecksum: null,
  command: 'node server.js', size: 'Basic', env: {}, healthCheckPath: null, generation: 1,
})

/** A route table on an in-memory store and a fake scheduler, with the store's changes announced as the runtime does. */
function openRouteTable(scheduler = new FakeScheduler()): RouteSourceHarness & { table: RouteTable; scheduler: FakeScheduler } {
  const apps = new Map<string, App>()
  const domains = new Map<string, string[]>()
  const store: RouteStore = {
    findApp: async (id) => apps.get(id) ?? null,
    listDomains: async (appId) => (domains.get(appId) ?? []).map((hostname) => ({
      id: hostname, appId, hostname, createdAt: new Date(), updatedAt: new Date(), sniEndpointId: null,
      acm: { status: null, reason: null, expiresAt: null, nextAttemptAt: null, attempts: 0 },
    })),
  }
  const table = new RouteTable({ store, scheduler, domain: 'localhost' })
  return {
    routes: table, table, scheduler, domain: 'localhost',
    async putApp({ id, name, maintenance = false, domains: hostnames = [] }) {
      const now = new Date()
      apps.set(id, {
        id, name, maintenance, acm: false, ownerId: 'u', ownerEmail: 'u@example.com', stack: 'berth-24', buildStack: 'berth-24', region: 'us', currentReleaseId: null, buildpacks: [],
        createdAt: now, updatedAt: now, releasedAt: null,
      })
      domains.set(id, hostnames)
      await table.load(id)
    },
    async removeApp(id) {
      apps.delete(id)
      await table.load(id)
    },
    async deploy(appId, webDynos) {
      const specs = Array.from({ length: webDynos }, (_, i) => webSpec(appId, `web.${i + 1}`))
      const dynos = await scheduler.apply(appId, specs)
      table.serve(appId, specs)
      await Promise.all(dynos.map((dyno) => scheduler.waitUntilUp(dyno.id)))
    },
    cleanup: () => scheduler.shutdown(),
  }
}

runRouteSourceContract('RouteTable', async () => openRouteTable())

describe('RouteTable', () => {
  it('follows the scheduler: booting until a web dyno is up, crashed when every one has', async (t) => {
    const h = openRouteTable(new FakeScheduler({ program: () => ({ bootMs: 50 }), cooloffUnitMs: 60_000 }))
    t.after(() => h.cleanup())
    await h.putApp({ id: 'a1', name: 'demo' })
    const specs = [webSpec('a1', 'web.1')]
    const [dyno] = await h.scheduler.apply('a1', specs)
    h.table.serve('a1', specs)
    assert.equal(h.routes.lookup('demo.localhost')!.state, 'booting')
    await waitFor(() => h.routes.lookup('demo.localhost')!.state === 'serving', { what: 'the dyno up' })
    h.scheduler.crash(dyno!.id)
    assert.equal(h.routes.lookup('demo.localhost')!.state, 'crashed')
  })

  it('says no web dynos when the serving generation has none', async (t) => {
    const h = openRouteTable()
    t.after(() => h.cleanup())
    await h.putApp({ id: 'a2', name: 'workers' })
    h.table.serve('a2', [{ ...webSpec('a2', 'worker.1'), type: 'worker' }])
    assert.equal(h.routes.lookup('workers.localhost')!.state, 'no-web')
  })
})
