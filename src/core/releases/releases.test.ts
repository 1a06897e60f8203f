import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlatformError } from '../errors/platform-error.js'
import { planConfigRelease } from './plan-config-release.js'
import { planInitialReleases } from './plan-initial-releases.js'
import { planRollback } from './plan-rollback.js'
import { planSlugRelease } from './plan-slug-release.js'
import { parseReleaseRef } from './parse-release-ref.js'
import type { Release } from './release.js'
import { isEligibleForRollback, rollbackIneligibility } from './rollback-eligibility.js'
import { diffReleases } from './diff-releases.js'

const actor = { id: 'u1', email: 'dev@example.com' }

function release(overrides: Partial<Release>): Release {
  return {
    id: `r${overrides.version ?? 3}`, appId: 'a1', version: 3, description: 'x', status: 'succeeded', current: false,
    slugId: null, configVars: {}, addonConfigVars: {}, addonPlanNames: [], actor,
    hasReleasePhase: false, createdAt: new Date(0), updatedAt: new Date(0), ...overrides,
  }
}

describe('planInitialReleases', () => {
  it('starts every app with Initial release and Enable Logplex, without slugs', () => {
    const drafts = planInitialReleases(actor)
    assert.deepEqual(drafts.map((d) => [d.description, d.slugId, d.status]), [
      ['Initial release', null, 'succeeded'],
      ['Enable Logplex', null, 'succeeded'],
    ])
  })
})

describe('planConfigRelease', () => {
  it('builds on the latest config and the serving slug', () => {
    const latest = release({ version: 7, slugId: 'failed-slug', status: 'failed', configVars: { A: '1' } })
    const current = release({ version: 6, slugId: 'good-slug', configVars: { OLD: 'x' } })
    const draft = planConfigRelease({ latest, current }, { B: '2' }, actor)
    assert.deepEqual(draft?.configVars, { A: '1', B: '2' })
    assert.equal(draft?.slugId, 'good-slug')
    assert.equal(draft?.description, 'Set B config vars')
  })

  it('makes no release when nothing changes', () => {
    const latest = release({ configVars: { A: '1' } })
    assert.equal(planConfigRelease({ latest, current: latest }, { A: '1', GONE: null }, actor), null)
  })
})

describe('planRollback', () => {
  const deployed = release({ version: 5, slugId: 's5', configVars: { A: 'old' }, addonConfigVars: { DATABASE_URL: 'old-db' } })
  const latest = release({ version: 9, slugId: 's9', configVars: { A: 'new' }, addonConfigVars: { DATABASE_URL: 'db-now' }, addonPlanNames: ['berth-postgresql:dev'] })

  it("copies the target's slug and user config, keeping today's add-on config", () => {
    const draft = planRollback({ latest, current: latest }, deployed, actor)
    assert.equal(draft.description, 'Rollback to v5')
    assert.equal(draft.slugId, 's5')
    assert.deepEqual(draft.configVars, { A: 'old' })
    assert.deepEqual(draft.addonConfigVars, { DATABASE_URL: 'db-now' })
    assert.deepEqual(draft.addonPlanNames, ['berth-postgresql:dev'])
  })

  it('refuses to roll back to a failed release, naming the reason', () => {
    assert.throws(
      () => planRollback({ latest, current: latest }, release({ version: 8, slugId: 's8', status: 'failed' }), actor),
      (e: unknown) => e instanceof PlatformError && e.id === 'invalid_params' && /v8 failed/.test(e.message),
    )
  })
})

describe('rollback eligibility', () => {
  it('never allows v1 and v2', () => {
    assert.match(rollbackIneligibility(release({ version: 1 }), null) ?? '', /initial setup/)
    assert.match(rollbackIneligibility(release({ version: 2 }), null) ?? '', /initial setup/)
  })

  it('allows a succeeded release with a slug, and refuses failed, pending and expired ones', () => {
    assert.equal(isEligibleForRollback(release({ slugId: 's' }), 's2'), true)
    for (const status of ['failed', 'pending', 'expired'] as const) {
      assert.equal(isEligibleForRollback(release({ slugId: 's', status }), 's2'), false, status)
    }
  })

  it('allows a slugless config release only while nothing has been deployed', () => {
    assert.equal(isEligibleForRollback(release({ slugId: null }), null), true)
    assert.match(rollbackIneligibility(release({ slugId: null }), 'deployed') ?? '', /remove the app's code/)
  })
})

describe('planSlugRelease', () => {
  it('releases the slug with the latest config', () => {
    const latest = release({ configVars: { A: '1' } })
    const draft = planSlugRelease({ latest, current: latest }, 'new-slug', 'Deploy 1a2b3c4d', actor)
    assert.deepEqual([draft.slugId, draft.description, draft.configVars, draft.status], ['new-slug', 'Deploy 1a2b3c4d', { A: '1' }, 'pending'])
  })
})

describe('parseReleaseRef', () => {
  it('reads versions with or without v, and uuids', () => {
    assert.deepEqual(parseReleaseRef('v12'), { kind: 'version', version: 12 })
    assert.deepEqual(parseReleaseRef('12'), { kind: 'version', version: 12 })
    assert.deepEqual(parseReleaseRef(12), { kind: 'version', version: 12 })
    const id = '0D3B9D0E-6A3C-4F57-8F4E-1B2A7F9C5E60'
    assert.deepEqual(parseReleaseRef(id), { kind: 'id', id: id.toLowerCase() })
  })

  it('treats anything else as an unknown release', () => {
    for (const bad of ['v', 'abc', '-1', 0, 1.5, null]) {
      assert.throws(() => parseReleaseRef(bad), (e: unknown) => e instanceof PlatformError && e.id === 'not_found')
    }
  })
})

describe('diffReleases', () => {
  it('names config keys, add-on plans and process types that change, without judging direction', () => {
    const from = release({ version: 3, configVars: { A: '1', B: '2' }, addonConfigVars: { DATABASE_URL: 'x' }, addonPlanNames: ['berth-postgresql:dev', 'berth-postgresql:dev'] })
    const to = release({ version: 7, configVars: { A: '1', B: '3', C: '4' }, addonPlanNames: ['berth-postgresql:dev', 'berth-redis:dev'] })
    const diff = diffReleases({
      from, to, between: [release({ version: 5 }), release({ version: 4 })],
      fromSlug: { commit: 'aaa', processTypes: { web: 'node a.js', worker: 'node w.js' } },
      toSlug: { commit: 'bbb', processTypes: { web: 'node b.js', release: 'node m.js' } },
    })
    assert.deepEqual(diff.config, { added: ['C'], removed: ['DATABASE_URL'], changed: ['B'] })
    assert.deepEqual(diff.addons, { added: ['berth-redis:dev'], removed: ['berth-postgresql:dev'] })
    assert.deepEqual(diff.processTypes, { added: ['release'], removed: ['worker'], changed: ['web'] })
    assert.deepEqual(diff.commits, { from: 'aaa', to: 'bbb' })
    assert.deepEqual(diff.between.map((r) => r.version), [4, 5])
  })
})
