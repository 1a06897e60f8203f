import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlatformError } from '../errors/platform-error.js'
import { parseAppManifest } from './app-manifest.js'
import { checkSetupAddons } from './check-setup-addons.js'
import { planSetupConfig } from './plan-setup-config.js'

const refusal = (pattern: RegExp) => (error: unknown) => error instanceof PlatformError && error.id === 'invalid_params' && pattern.test(error.message)

describe('parseAppManifest', () => {
  it('reads env, add-ons, formation, buildpacks and the postdeploy script in Heroku spellings', () => {
    const manifest = parseAppManifest(JSON.stringify({
      name: 'Small Sharp Tool', description: 'ignored', success_url: '/welcome',
      env: { PLAIN: 'v', SECRET_TOKEN: { description: 'x', generator: 'secret' }, OPTIONAL: { required: false }, GIVEN: { value: '5' } },
      addons: ['heroku-postgresql', { plan: 'heroku-redis:mini', as: 'CACHE', options: { version: '7' } }],
      formation: { web: { quantity: 2, size: 'standard-1x' }, worker: { quantity: 0 } },
      buildpacks: [{ url: 'heroku/nodejs' }],
      scripts: { postdeploy: 'node seed.js' },
    }))
    assert.deepEqual(manifest, {
      env: [
        { name: 'PLAIN', value: 'v', required: true, generator: null },
        { name: 'SECRET_TOKEN', value: null, required: true, generator: 'secret' },
        { name: 'OPTIONAL', value: null, required: false, generator: null },
        { name: 'GIVEN', value: '5', required: true, generator: null },
      ],
      addons: [{ plan: 'heroku-postgresql', as: null, options: {} }, { plan: 'heroku-redis:mini', as: 'CACHE', options: { version: '7' } }],
      formation: [{ type: 'web', quantity: 2, size: 'standard-1x' }, { type: 'worker', quantity: 0, size: null }],
      buildpacks: ['heroku/nodejs'],
      postdeploy: 'node seed.js',
      stack: null,
      successUrl: '/welcome',
    })
  })

  it('takes a postdeploy given as {command, size}, and an empty manifest as nothing to do', () => {
    assert.equal(parseAppManifest('{"scripts": {"postdeploy": {"command": "rake db:seed", "size": "basic"}}}').postdeploy, 'rake db:seed')
    assert.deepEqual(parseAppManifest('{}'), { env: [], addons: [], formation: [], buildpacks: [], postdeploy: null, stack: null, successUrl: null })
  })

  it('refuses text that is not JSON, or not an object', () => {
    assert.throws(() => parseAppManifest('{"env": '), refusal(/^Invalid app\.json: app\.json is not valid JSON/))
    assert.throws(() => parseAppManifest('[1, 2]'), refusal(/app\.json must be a JSON object/))
  })

  it('refuses wrong types, naming every problem at once', () => {
    const text = JSON.stringify({ env: { A: 5, 'BAD-NAME': 'x', B: { value: 1 }, C: { generator: 'uuid' } }, addons: 'heroku-postgresql', formation: { web: { quantity: -1 } }, buildpacks: ['heroku/nodejs'], scripts: { postdeploy: 7 } })
    assert.throws(() => parseAppManifest(text), refusal(
      /env A must be a string or an object; env "BAD-NAME" is not a valid config var name; env B\.value must be a string; env C\.generator must be "secret"; addons must be a list; formation web\.quantity must be a whole number; buildpacks must be a list of \{"url": …\}; scripts\.postdeploy must be a command\.$/,
    ))
  })

  it('refuses strings no process can receive: a NUL in a value or the postdeploy command', () => {
    assert.throws(() => parseAppManifest(JSON.stringify({ env: { A: 'x\0y' } })), refusal(/env A may not contain NUL/))
    assert.throws(() => parseAppManifest(JSON.stringify({ scripts: { postdeploy: 'a\0b' } })), refusal(/scripts\.postdeploy may not contain NUL/))
    assert.throws(() => parseAppManifest(JSON.stringify({ scripts: { postdeploy: 'x'.repeat(17 * 1024) } })), refusal(/scripts\.postdeploy is over 16384 bytes/))
  })

  it('keeps __proto__ and constructor as ordinary variable names', () => {
    const manifest = parseAppManifest('{"env": {"__proto__": "p", "constructor": "c"}}')
    assert.deepEqual(manifest.env.map((v) => [v.name, v.value]), [['__proto__', 'p'], ['constructor', 'c']])
    assert.deepEqual(Object.keys(planSetupConfig(manifest.env, undefined, () => 's')), ['__proto__', 'constructor'])
  })
})

describe('planSetupConfig', () => {
  const env = parseAppManifest(JSON.stringify({ env: { FIXED: 'one', TOKEN: { generator: 'secret' }, NEEDED: { description: 'you say' }, MAYBE: { required: false } } })).env
  let n = 0
  const secret = () => `secret-${++n}`

  it('takes overrides first, then values, then generated secrets, and adds other overrides', () => {
    assert.deepEqual(planSetupConfig(env, { NEEDED: 'given', FIXED: 'over', EXTRA: 'x' }, secret), { FIXED: 'over', TOKEN: 'secret-1', NEEDED: 'given', EXTRA: 'x' })
    assert.equal(planSetupConfig(env, { NEEDED: 'given', TOKEN: 'mine' }, secret).TOKEN, 'mine')
  })

  it('refuses a required variable with no value and no override, as a manifest error', () => {
    assert.throws(() => planSetupConfig(env, {}, secret), refusal(/^Invalid app\.json: config var NEEDED is required\.$/))
    assert.throws(() => planSetupConfig(env, { NEEDED: 7 }, secret), refusal(/overrides\.env must be an object of names to string values/))
    assert.throws(() => planSetupConfig(env, { NEEDED: 'a', 'NOT OK': 'b' }, secret), refusal(/Invalid config var name/))
  })
})

describe('checkSetupAddons', () => {
  it("maps Heroku's add-on names to Berth's services", () => {
    assert.deepEqual(checkSetupAddons(parseAppManifest('{"addons": ["heroku-postgresql:essential-0", "heroku-redis", "berth-postgresql"]}').addons), ['berth-postgresql', 'berth-redis', 'berth-postgresql'])
  })

  it('refuses an unknown service or plan, or an option the service does not take', () => {
    const addons = parseAppManifest('{"addons": ["mongolab:shared", "heroku-postgresql:galactic", {"plan": "heroku-postgresql", "options": {"fork": "x"}}]}').addons
    assert.throws(() => checkSetupAddons(addons), refusal(/addons\[0\] \(mongolab:shared\): Couldn't find .*; addons\[1\] \(heroku-postgresql:galactic\): berth-postgresql has no plan "galactic".*; addons\[2\] \(heroku-postgresql\): berth-postgresql takes no config option "fork"/))
  })
})
