import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkConfigCollision } from '../../src/core/addons/plan-attachment.js'
import { resolveAddonPlan } from '../../src/core/addons/catalog.js'
import { builtinBuildpack } from '../../src/core/builds/buildpack-names.js'
import { applyConfigPatch, parseConfigPatch } from '../../src/core/config-vars/config-vars.js'
import { parseProcfile } from '../../src/core/procfile/parse-procfile.js'
import { parseBuildpackRelease } from '../../src/core/builds/parse-buildpack-release.js'
import { parseCookies } from '../../src/api/session-cookies.js'
import { planConfigRelease } from '../../src/core/releases/plan-config-release.js'
import { planRollback } from '../../src/core/releases/plan-rollback.js'
import type { Release } from '../../src/core/releases/release.js'

// Names that live on Object.prototype are ordinary user keys: `key in obj` saw them everywhere,
// and `obj[key] = value` turned `__proto__` into a prototype change instead of a key.
const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']
const own = (object: object) => Object.keys(object)

describe('prototype names as user keys in the pure rules', () => {
  it('config patches keep every name, `__proto__` as an own key', () => {
    const patch = parseConfigPatch(JSON.parse(`{${NAMES.map((n) => `"${n}":"${n}-value"`).join(',')}}`))
    assert.deepEqual(own(patch), NAMES)
    const { vars, set } = applyConfigPatch({}, patch)
    assert.deepEqual([own(vars), set], [NAMES, NAMES])
    assert.equal(Object.getPrototypeOf(vars), Object.prototype, 'the prototype is never replaced')
    assert.equal(JSON.stringify(vars), JSON.stringify(Object.fromEntries(NAMES.map((n) => [n, `${n}-value`]))))
  })

  it('unsetting a prototype name that is not set changes nothing, and unsetting `__proto__` removes the key', () => {
    assert.deepEqual(applyConfigPatch({ A: '1' }, parseConfigPatch({ constructor: null, toString: null })), { vars: { A: '1' }, set: [], removed: [] })
    const current = JSON.parse('{"__proto__":"p","A":"1"}') as Record<string, string>
    const { vars, removed } = applyConfigPatch(current, parseConfigPatch(JSON.parse('{"__proto__":null}')))
    assert.deepEqual([own(vars), removed], [['A'], ['__proto__']])
    assert.equal(Object.getPrototypeOf(vars), Object.prototype)
  })

  it('config changes and rollbacks do not mistake prototype names for add-on variables', () => {
    const release = { configVars: { constructor: 'c' }, addonConfigVars: { DATABASE_URL: 'postgres://db' }, slugId: null, version: 3, status: 'succeeded' } as unknown as Release
    const ctx = { latest: release, current: release }
    const actor = { id: null, email: 'a@example.com' }
    assert.equal(planConfigRelease(ctx, parseConfigPatch({ toString: 't', hasOwnProperty: 'h' }), actor)?.description, 'Set toString, hasOwnProperty config vars')
    assert.throws(() => planConfigRelease(ctx, parseConfigPatch({ DATABASE_URL: 'x' }), actor), /set by an attached add-on/)
    assert.deepEqual(planRollback({ latest: { ...release, addonConfigVars: {} }, current: release }, release, actor).configVars, { constructor: 'c' })
    assert.doesNotThrow(() => checkConfigCollision({ constructor: 'x' }, { attachmentName: 'DATABASE', config: { URL: '' } }, 'demo'))
  })

  it('Procfiles and bin/release output declare prototype names as process types', () => {
    assert.deepEqual(own(parseProcfile('constructor: node a.js\n__proto__: node b.js\ntoString: node c.js')), ['constructor', '__proto__', 'toString'])
    assert.throws(() => parseProcfile('constructor: a\nconstructor: b'), /declares "constructor" twice/)
    assert.deepEqual(own(parseBuildpackRelease('default_process_types:\n  __proto__: node b.js\n  web: node s.js\n').processTypes), ['__proto__', 'web'])
    assert.deepEqual(own(parseBuildpackRelease('{"config_vars": {"__proto__": "x"}}').configVars), ['__proto__'])
  })

  it('lookup tables do not answer for prototype names', () => {
    for (const name of NAMES) assert.equal(builtinBuildpack(name), null, name)
    assert.throws(() => resolveAddonPlan('berth-postgresql:constructor'), /has no plan "constructor"/)
    assert.deepEqual(own(parseCookies('__proto__=x; constructor=y; bad=%E0%A4%A')), ['__proto__', 'constructor', 'bad'])
  })
})
