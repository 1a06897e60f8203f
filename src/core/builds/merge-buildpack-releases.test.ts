import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { configVarsProfileScript } from './config-vars-profile-script.js'
import { mergeBuildpackReleases } from './merge-buildpack-releases.js'

describe('mergeBuildpackReleases', () => {
  it('lets a later buildpack replace an earlier one\'s process types and config vars, keeping the rest', () => {
    const merged = mergeBuildpackReleases([
      { processTypes: { web: 'first web', assets: 'first assets' }, configVars: { A: '1', B: '1' } },
      { processTypes: { web: 'second web' }, configVars: { B: '2' } },
    ])
    assert.deepEqual(merged, { processTypes: { web: 'second web', assets: 'first assets' }, configVars: { A: '1', B: '2' } })
  })
})

describe('configVarsProfileScript', () => {
  it('sets each var only where the dyno has none, quoting values for the shell', () => {
    const script = configVarsProfileScript({ FROM_PACK: "it's $HOME `x`", SET_BY_APP: 'pack', 'bad-name': 'x' })!
    const out = execFileSync('/bin/bash', ['-c', `${script}\nprintf '%s|%s|%s' "$FROM_PACK" "$SET_BY_APP" "$EMPTY"`], {
      env: { PATH: '/usr/bin:/bin', SET_BY_APP: 'app', EMPTY: '' },
    }).toString()
    assert.equal(out, "it's $HOME `x`|app|")
    assert.doesNotMatch(script, /bad-name/)
  })

  it('writes nothing when no buildpack declared config vars', () => {
    assert.equal(configVarsProfileScript({}), null)
  })
})
