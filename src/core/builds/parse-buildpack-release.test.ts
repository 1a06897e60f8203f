import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseBuildpackRelease } from './parse-buildpack-release.js'

describe('parseBuildpackRelease', () => {
  it('reads default_process_types and config_vars from the YAML bin/release prints, ignoring addons', () => {
    const text = '---\naddons:\n  - heroku-postgresql\ndefault_process_types:\n  web: npm start\n  worker: "node w.js"\nconfig_vars:\n  LANG: en_US.UTF-8\n  PATH: \'bin:/usr/bin\'\n'
    assert.deepEqual(parseBuildpackRelease(text), {
      processTypes: { web: 'npm start', worker: 'node w.js' },
      configVars: { LANG: 'en_US.UTF-8', PATH: 'bin:/usr/bin' },
    })
  })

  it('reads the same from JSON, keeping only string values', () => {
    assert.deepEqual(parseBuildpackRelease('{"default_process_types": {"web": "bin/web", "n": 1}, "config_vars": {"A": "1"}}'), {
      processTypes: { web: 'bin/web' }, configVars: { A: '1' },
    })
  })

  it('answers nothing for empty maps, empty output and broken JSON', () => {
    const none = { processTypes: {}, configVars: {} }
    assert.deepEqual(parseBuildpackRelease('---\ndefault_process_types: {}\n'), none)
    assert.deepEqual(parseBuildpackRelease(''), none)
    assert.deepEqual(parseBuildpackRelease('{"default_process_types": '), none)
  })
})
