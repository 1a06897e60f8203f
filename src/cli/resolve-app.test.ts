import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CliError } from './cli-error.js'
import { appFromGitUrl, appFromRemotes } from './resolve-app.js'

const API = 'http://127.0.0.1:5000'

describe('app resolution from git remotes', () => {
  it("reads the app from remotes on this Berth's host and port only", () => {
    assert.equal(appFromGitUrl('http://127.0.0.1:5000/demo.git', API), 'demo')
    assert.equal(appFromGitUrl('https://x:token@127.0.0.1:5000/demo.git', API), 'demo')
    assert.equal(appFromGitUrl('http://127.0.0.1:5001/demo.git', API), null)
    assert.equal(appFromGitUrl('https://github.com/me/demo.git', API), null)
    assert.equal(appFromGitUrl('git@github.com:me/demo.git', API), null)
  })

  it('finds one app however many remotes name it, and refuses two', () => {
    const berth = { name: 'berth', url: `${API}/demo.git` }
    assert.equal(appFromRemotes([berth, { name: 'heroku', url: `${API}/demo.git` }, { name: 'origin', url: 'git@github.com:me/demo.git' }], API), 'demo')
    assert.equal(appFromRemotes([{ name: 'origin', url: 'git@github.com:me/demo.git' }], API), null)
    assert.throws(() => appFromRemotes([berth, { name: 'staging', url: `${API}/demo-staging.git` }], API),
      (e: unknown) => e instanceof CliError && /demo \(berth\), demo-staging \(staging\)\. Choose one with -a APP or -r REMOTE/.test(e.message))
  })
})
