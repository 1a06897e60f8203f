import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Release } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { Dyno } from '../scheduler/scheduler.js'
import { computeRoute } from './compute-route.js'
import { planDynos } from './plan-dynos.js'

const app = { id: 'a1', name: 'demo', maintenance: false }
const release = {
  id: 'r5', appId: 'a1', version: 5, description: 'Deploy 1a2b3c4d', status: 'pending', current: false, slugId: 's1',
  configVars: { GREETING: 'hi', BERTH_HEALTH_CHECK_PATH: '/health' }, addonConfigVars: { DATABASE_URL: 'postgres://x' }, addonPlanNames: [],
  actor: { id: 'u', email: 'u@x' }, hasReleasePhase: true, createdAt: new Date('2026-11-28T00:00:00Z'), updatedAt: new Date(),
} as Release
const slug = { id: 's1', appId: 'a1', processTypes: { web: 'npm start', worker: 'node w.js', release: './migrate' }, commit: 'abc123' } as unknown as Slug
const formation = [
  { type: 'web', quantity: 2, size: 'Basic', command: 'old' },
  { type: 'worker', quantity: 1, size: 'Standard-2X', command: 'node w.js' },
  { type: 'release', quantity: 0, size: 'Basic', command: './migrate' },
]

describe('planDynos', () => {
  it('makes web.1..N per type from the formation, with config, add-on vars and dyno metadata', () => {
    const specs = planDynos(app, release, slug, formation, 7)
    assert.deepEqual(specs.map((s) => [s.name, s.command, s.size, s.generation]), [
      ['web.1', 'npm start', 'Basic', 7], ['web.2', 'npm start', 'Basic', 7], ['worker.1', 'node w.js', 'Standard-2X', 7],
    ])
    const env = specs[0]!.env
    assert.deepEqual([env.GREETING, env.DATABASE_URL, env.HEROKU_APP_NAME, env.HEROKU_RELEASE_VERSION, env.HEROKU_SLUG_COMMIT], ['hi', 'postgres://x', 'demo', 'v5', 'abc123'])
    assert.equal(specs[0]!.healthCheckPath, '/health')
  })
})

describe('computeRoute', () => {
  const specs = planDynos(app, release, slug, formation, 1)
  const dyno = (name: string, state: Dyno['state'], port: number | null, generation = 1): Dyno => ({
    id: name, appId: 'a1', name, type: name.split('.')[0]!, releaseId: 'r5', releaseVersion: 5, generation, command: '', size: 'Basic',
    state, host: '127.0.0.1', port, createdAt: new Date(), updatedAt: new Date(),
  })

  it('serves the up web dynos of the serving generation only, each with its release (what its requests count toward)', () => {
    const route = computeRoute(app, specs, [dyno('web.1', 'up', 4001), dyno('web.2', 'starting', null), dyno('web.1', 'up', 4009, 0), dyno('worker.1', 'up', null)])
    assert.deepEqual([route.state, route.releaseVersion, route.backends], ['serving', 5, [{ dynoName: 'web.1', releaseVersion: 5, host: '127.0.0.1', port: 4001, key: '127.0.0.1:4001' }]])
  })

  it('says why it cannot serve', () => {
    assert.equal(computeRoute(app, null, []).state, 'not-deployed')
    assert.equal(computeRoute(app, specs.filter((s) => s.type !== 'web'), []).state, 'no-web')
    assert.equal(computeRoute(app, specs, [dyno('web.1', 'crashed', null), dyno('web.2', 'crashed', null)]).state, 'crashed')
    assert.equal(computeRoute(app, specs, [dyno('web.1', 'crashed', null), dyno('web.2', 'starting', null)]).state, 'booting')
  })
})
