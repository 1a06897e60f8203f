import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { RouteSource } from './route-source.js'

/** The platform behind a RouteSource, as a contract test sets it up. */
export interface RouteSourceHarness {
  routes: RouteSource
  /** Apps answer at `<name>.<domain>`. */
  domain: string
  /** Creates or changes an app (name, maintenance, custom domains) and lets the route source know. */
  putApp(app: { id: string; name: string; maintenance?: boolean; domains?: string[] }): Promise<void>
  /** Deletes an app and lets the route source know. */
  removeApp(appId: string): Promise<void>
  /** Deploys the app with this many web dynos; resolves once they are up. */
  deploy(appId: string, webDynos: number): Promise<void>
  cleanup(): Promise<void>
}

/** The suite every RouteSource passes unchanged (the route table in the server now; one over IPC later). */
export function runRouteSourceContract(name: string, open: () => Promise<RouteSourceHarness>): void {
  describe(`RouteSource contract: ${name}`, () => {
    let h: RouteSourceHarness
    before(async () => { h = await open() })
    after(async () => h.cleanup())
    const own = (app: string) => `${app}.${h.domain}`
    const appAt = (host: string) => h.routes.lookup(host)?.appName ?? null

    it('knows no route for a host no app has', () => {
      assert.equal(h.routes.lookup(own('nobody')), null)
      assert.equal(h.routes.lookup('www.example.org'), null)
    })

    it("routes an app's own host: nothing deployed, then its up web dynos", async () => {
      await h.putApp({ id: 'app-alpha', name: 'alpha' })
      assert.deepEqual(h.routes.lookup(own('alpha')), { appId: 'app-alpha', appName: 'alpha', maintenance: false, state: 'not-deployed', backends: [] })
      await h.deploy('app-alpha', 2)
      const route = h.routes.lookup(own('alpha'))!
      assert.equal(route.state, 'serving')
      assert.deepEqual(route.backends.map((b) => b.dynoName).sort(), ['web.1', 'web.2'])
      for (const backend of route.backends) assert.equal(backend.key, `${backend.host}:${backend.port}`)
    })

    it('routes custom domains to their app', async () => {
      await h.putApp({ id: 'app-shop', name: 'shop', domains: ['shop.example.com', 'www.shop.example.com'] })
      assert.deepEqual([appAt('shop.example.com'), appAt('www.shop.example.com'), appAt('other.example.com')], ['shop', 'shop', null])
    })

    it('routes a wildcard domain one label deep, and an exact domain before it', async () => {
      await h.putApp({ id: 'app-wild', name: 'wild', domains: ['*.wild.example'] })
      await h.putApp({ id: 'app-exact', name: 'exact', domains: ['www.wild.example'] })
      assert.deepEqual([appAt('api.wild.example'), appAt('www.wild.example')], ['wild', 'exact'])
      assert.deepEqual([appAt('wild.example'), appAt('a.b.wild.example')], [null, null])
    })

    it('follows a rename and a removed custom domain', async () => {
      await h.putApp({ id: 'app-before', name: 'before', domains: ['kept.example.com', 'dropped.example.com'] })
      await h.putApp({ id: 'app-before', name: 'after', domains: ['kept.example.com'] })
      assert.deepEqual([appAt(own('before')), appAt(own('after')), appAt('kept.example.com'), appAt('dropped.example.com')], [null, 'after', 'after', null])
    })

    it('says when an app is in maintenance, keeping its backends', async () => {
      await h.putApp({ id: 'app-resting', name: 'resting' })
      await h.deploy('app-resting', 1)
      await h.putApp({ id: 'app-resting', name: 'resting', maintenance: true })
      const route = h.routes.lookup(own('resting'))!
      assert.deepEqual([route.maintenance, route.state, route.backends.length], [true, 'serving', 1])
      await h.putApp({ id: 'app-resting', name: 'resting', maintenance: false })
      assert.equal(h.routes.lookup(own('resting'))!.maintenance, false)
    })

    it('forgets every host of a deleted app', async () => {
      await h.putApp({ id: 'app-gone', name: 'gone', domains: ['gone.example.com', '*.gone.example.com'] })
      await h.deploy('app-gone', 1)
      await h.removeApp('app-gone')
      assert.deepEqual([appAt(own('gone')), appAt('gone.example.com'), appAt('x.gone.example.com')], [null, null, null])
    })

    it('tells its listeners when routes change, until they unsubscribe', async () => {
      let changes = 0
      const unsubscribe = h.routes.onChange(() => changes++)
      await h.putApp({ id: 'app-told', name: 'told' })
      const afterCreate = changes
      assert.ok(afterCreate > 0, 'an app was created')
      await h.deploy('app-told', 1)
      assert.ok(changes > afterCreate, 'its dynos came up')
      const afterDeploy = changes
      await h.removeApp('app-told')
      assert.ok(changes > afterDeploy, 'it was deleted')
      unsubscribe()
      const afterUnsubscribe = changes
      await h.putApp({ id: 'app-unheard', name: 'unheard' })
      assert.equal(changes, afterUnsubscribe)
    })
  })
}
