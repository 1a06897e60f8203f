import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'

const { satisfies } = createRequire(import.meta.url)('../../buildpacks/nodejs/bin/semver-lite.cjs') as { satisfies(version: string, range: string): boolean | null }

describe('the Node.js buildpack engines.node check', () => {
  it('accepts the ranges people write for the machine\'s Node', () => {
    for (const range of ['>=18', '20.x', '20', '^20.1', '~20.20', '18 || 20', '>=16 <21', '>= 18', '*', '20.20.2']) {
      assert.equal(satisfies('v20.20.2', range), true, range)
    }
  })

  it('refuses ranges the machine cannot satisfy', () => {
    for (const range of ['18', '>=22', '< 20', '^22', '~20.19', '16.x || 18.x', '20.20.3']) {
      assert.equal(satisfies('v20.20.2', range), false, range)
    }
  })

  it('admits what it cannot read instead of guessing', () => {
    assert.equal(satisfies('v20.20.2', 'lts/*'), null)
    assert.equal(satisfies('v20.20.2', 'node-latest'), null)
  })
})
