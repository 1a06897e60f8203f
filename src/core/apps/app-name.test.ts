import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { APP_NAME_PATTERN, validateAppName } from './app-name.js'
import { generateAppName } from './generate-app-name.js'

describe('app names', () => {
  it('accepts Heroku-valid names and refuses the rest', () => {
    for (const good of ['abc', 'my-app-2', 'a'.repeat(30)]) assert.equal(validateAppName(good), good)
    for (const bad of ['ab', 'Abc', '1abc', 'abc-', 'a_b', 'a'.repeat(31), '', 42]) assert.throws(() => validateAppName(bad))
  })

  it('generates valid adjective-noun-digits names from the random source', () => {
    let seed = 0
    const random = () => ((seed = (seed * 9301 + 49297) % 233280) / 233280)
    for (let i = 0; i < 200; i++) assert.match(generateAppName(random), APP_NAME_PATTERN)
    assert.match(generateAppName(() => 0), /^amber-anchor-1000$/)
  })
})
