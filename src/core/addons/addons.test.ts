import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlatformError } from '../errors/platform-error.js'
import { planConfigRelease } from '../releases/plan-config-release.js'
import { planRollback } from '../releases/plan-rollback.js'
import type { Release } from '../releases/release.js'
import { findAddonService, resolveAddonPlan } from './catalog.js'
import { checkAddonName, chooseAttachmentName, generateAddonName, planAttachRelease, planDetachRelease } from './plan-attachment.js'

const actor = { id: null, email: 'berth-postgresql@addons.berth.local' }
const postgres = findAddonService('berth-postgresql')!
const invalid = (pattern: RegExp) => (e: unknown) => e instanceof PlatformError && e.id === 'invalid_params' && pattern.test(e.message)

function release(overrides: Partial<Release>): Release {
  const at = new Date('2026-01-01T00:00:00Z')
  return {
    id: 'r', appId: 'a', version: 3, description: 'd', status: 'succeeded', current: true, slugId: 's3', configVars: {},
    addonConfigVars: {}, addonPlanNames: [], actor, hasReleasePhase: false, createdAt: at, updatedAt: at, ...overrides,
  }
}

describe('add-on catalog', () => {
  it('resolves canonical names, Heroku aliases and Heroku plan spellings', () => {
    assert.deepEqual(Object.values(resolveAddonPlan('berth-postgresql')).map((x) => x.name), ['berth-postgresql', 'dev'])
    assert.deepEqual(Object.values(resolveAddonPlan('heroku-postgresql:essential-0')).map((x) => x.name), ['berth-postgresql', 'dev'])
    assert.deepEqual(Object.values(resolveAddonPlan('heroku-postgresql:basic')).map((x) => x.name), ['berth-postgresql', 'basic'])
    assert.deepEqual(Object.values(resolveAddonPlan('heroku-redis:mini')).map((x) => x.name), ['berth-redis', 'dev'])
    const plan = resolveAddonPlan('berth-redis').plan
    assert.equal(resolveAddonPlan(plan.id).plan, plan)
  })

  it('answers unknown services and plans with the valid choices', () => {
    assert.throws(() => resolveAddonPlan('mongolab'), invalid(/berth-postgresql \(plans: dev, basic\); berth-redis \(plans: dev\)/))
    assert.throws(() => resolveAddonPlan('berth-postgresql:premium-9'), invalid(/has no plan "premium-9"\. Plans: dev, basic/))
  })
})

describe('attachment names', () => {
  it('uses DATABASE first, then colours in order', () => {
    assert.equal(chooseAttachmentName(postgres, undefined, [], 'demo'), 'DATABASE')
    assert.equal(chooseAttachmentName(postgres, undefined, ['DATABASE'], 'demo'), 'HEROKU_POSTGRESQL_AMBER')
    assert.equal(chooseAttachmentName(postgres, undefined, ['DATABASE', 'HEROKU_POSTGRESQL_AMBER'], 'demo'), 'HEROKU_POSTGRESQL_AQUA')
  })

  it('takes --as upper-cased, and refuses taken or malformed names', () => {
    assert.equal(chooseAttachmentName(postgres, 'analytics', ['DATABASE'], 'demo'), 'ANALYTICS')
    assert.throws(() => chooseAttachmentName(postgres, 'DATABASE', ['DATABASE'], 'demo'), invalid(/already attached to demo as DATABASE/))
    assert.throws(() => chooseAttachmentName(postgres, '9lives', [], 'demo'), invalid(/Invalid attachment name/))
  })

  it('generates Heroku-style add-on names and checks given ones', () => {
    assert.match(generateAddonName(postgres, () => 0.5), /^postgresql-[a-z]+-\d{5}$/)
    assert.equal(checkAddonName('my-db'), 'my-db')
    assert.throws(() => checkAddonName('-db'), invalid(/start with a letter/))
  })
})

describe('attach and detach releases', () => {
  const attachment = { addonName: 'postgresql-shaped-12345', attachmentName: 'DATABASE', service: 'berth-postgresql', plan: 'dev', config: { URL: 'postgres://u:p@h/d' } }

  it('attach adds the prefixed vars and the plan, keeping user config and the serving slug', () => {
    const latest = release({ configVars: { A: '1' } })
    const draft = planAttachRelease({ latest, current: latest }, attachment, actor, 'demo')
    assert.equal(draft.description, 'Attach DATABASE (@ref:postgresql-shaped-12345)')
    assert.deepEqual(draft.configVars, { A: '1' })
    assert.deepEqual(draft.addonConfigVars, { DATABASE_URL: 'postgres://u:p@h/d' })
    assert.deepEqual(draft.addonPlanNames, ['berth-postgresql:dev'])
    assert.equal(draft.slugId, 's3')
    assert.equal(draft.actor.email, 'berth-postgresql@addons.berth.local')
  })

  it('attach refuses to shadow a var the user set', () => {
    const latest = release({ configVars: { DATABASE_URL: 'mine' } })
    assert.throws(() => planAttachRelease({ latest, current: latest }, attachment, actor, 'demo'), invalid(/DATABASE_URL is already set on demo/))
  })

  it('detach removes exactly that attachment', () => {
    const latest = release({
      addonConfigVars: { DATABASE_URL: 'x', REDIS_URL: 'y', REDIS_KEY_PREFIX: 'p:' },
      addonPlanNames: ['berth-postgresql:dev', 'berth-redis:dev'],
    })
    const addon = { name: 'redis-calm-10001', service: 'berth-redis', plan: 'dev', attachmentName: 'REDIS', config: { URL: 'y', KEY_PREFIX: 'p:' } }
    const draft = planDetachRelease({ latest, current: latest }, addon, actor)
    assert.equal(draft.description, 'Detach REDIS (@ref:redis-calm-10001)')
    assert.deepEqual(draft.addonConfigVars, { DATABASE_URL: 'x' })
    assert.deepEqual(draft.addonPlanNames, ['berth-postgresql:dev'])
  })

  it('config changes may not set or unset add-on-owned vars', () => {
    const latest = release({ addonConfigVars: { DATABASE_URL: 'x' } })
    assert.throws(() => planConfigRelease({ latest, current: latest }, { DATABASE_URL: 'mine' }, actor), invalid(/DATABASE_URL is set by an attached add-on.*addons:destroy/))
    assert.throws(() => planConfigRelease({ latest, current: latest }, { DATABASE_URL: null }, actor), invalid(/DATABASE_URL is set by an attached add-on/))
  })

  it('rollback restores user vars only, never one shadowing a var an add-on owns now', () => {
    const target = release({ version: 4, configVars: { A: 'old', DATABASE_URL: 'hand-set' } })
    const latest = release({ version: 9, configVars: { A: 'new' }, addonConfigVars: { DATABASE_URL: 'db-now' } })
    const draft = planRollback({ latest, current: latest }, target, actor)
    assert.deepEqual(draft.configVars, { A: 'old' })
    assert.deepEqual(draft.addonConfigVars, { DATABASE_URL: 'db-now' })
  })
})
