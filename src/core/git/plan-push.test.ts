import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseRefUpdates, planPush } from './plan-push.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const Z = '0'.repeat(40)

describe('planPush', () => {
  it('builds a push to main or master', () => {
    for (const ref of ['refs/heads/main', 'refs/heads/master']) {
      const plan = planPush(parseRefUpdates(`${A} ${B} ${ref}\n`))
      assert.equal(plan.kind, 'build')
      assert.deepEqual(plan.kind === 'build' && plan.update, { oldSha: A, newSha: B, ref })
    }
  })

  it('accepts other branches and tags without a build', () => {
    const plan = planPush(parseRefUpdates(`${Z} ${B} refs/heads/feature\n${Z} ${B} refs/tags/v1`))
    assert.equal(plan.kind, 'skip')
  })

  it('refuses to delete the deploy branch', () => {
    assert.equal(planPush(parseRefUpdates(`${A} ${Z} refs/heads/main`)).kind, 'reject')
  })

  it('builds only the first deploy branch when both are pushed', () => {
    const plan = planPush(parseRefUpdates(`${A} ${B} refs/heads/main\n${A} ${B} refs/heads/master`))
    assert.ok(plan.kind === 'build' && plan.update.ref === 'refs/heads/main' && plan.skipped.length === 1)
  })
})
