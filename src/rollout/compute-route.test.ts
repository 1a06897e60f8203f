import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { DynoSpec } from '../scheduler/scheduler.js'
import { computeRoute } from './compute-route.js'

const app = { id: 'a1', name: 'shop', maintenance: false }
const web = (env: Record<string, string>) => ({ releaseId: 'r1', name: 'web.1', type: 'web', env }) as unknown as DynoSpec

it('marks the route HTTPS-only when the serving release\'s config says BERTH_FORCE_HTTPS=true, and only then', () => {
  assert.equal(computeRoute(app, [web({ BERTH_FORCE_HTTPS: 'true' })], []).forceHttps, true)
  for (const env of [{}, { BERTH_FORCE_HTTPS: 'false' }, { BERTH_FORCE_HTTPS: 'yes please' }] as Record<string, string>[]) {
    assert.equal(computeRoute(app, [web(env)], []).forceHttps, undefined, JSON.stringify(env))
  }
  assert.equal(computeRoute(app, null, []).forceHttps, undefined)
})
