import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Release } from '../core/releases/release.js'
import type { BufferedLine } from '../logs/log-buffer.js'
import { followReleasePhase } from './follow-release-phase.js'

const RELEASE: Release = {
  id: 'r5', appId: 'a1', version: 5, description: 'Deploy 0123abcd', status: 'pending', current: false, slugId: 's1', configVars: {},
  addonConfigVars: {}, addonPlanNames: [], actor: { id: 'u1', email: 'u@example.com' }, hasReleasePhase: true, createdAt: new Date(0), updatedAt: new Date(0),
}

/** A rollout played out by hand: phase output lines, API events, then the release as it ended. */
async function push(script: { output?: string[]; events?: string[]; ends: Partial<Release> }): Promise<string[]> {
  const said: string[] = []
  const api: BufferedLine[] = (script.events ?? []).map((message, id) => ({ appId: 'a1', source: 'app', process: 'api', message, releaseVersion: 5, id, atMicros: 0 }))
  const deps = {
    releaseOutputs: {
      exists: async () => script.output !== undefined,
      async *follow() { yield* script.output ?? [] },
    },
    logReader: { recent: (_app: string, count: number, filter: (line: BufferedLine) => boolean = () => true) => api.filter(filter).slice(-count) },
  }
  const finished = await followReleasePhase(deps, RELEASE, Promise.resolve({ ...RELEASE, ...script.ends }), (line) => said.push(line))
  assert.equal(finished.version, 5)
  return said
}

describe('a push following its release phase', () => {
  it('shows the output, then that the phase passed and the release serves', async () => {
    assert.deepEqual(await push({ output: ['migrating', 'done'], ends: { status: 'succeeded', current: true } }), [
      'Running release command...', '', 'migrating', 'done', 'Waiting for release.... done.', 'Verifying deploy... done.',
    ])
  })

  it('ends with the failed phase, the reason the rollout logged, and that the previous release serves', async () => {
    const said = await push({
      output: ['migration failed'],
      events: ['Running release v5 commands by user u@example.com', 'Release v5 command failed by user u@example.com', 'Release v5 failed: the release command exited with status 2'],
      ends: { status: 'failed' },
    })
    assert.deepEqual(said.slice(2), [
      'migration failed', 'Waiting for release.... failed.', ' !     Release v5 failed: the release command exited with status 2.',
      ' !     The previous release keeps serving. Fix the release command, then push again.',
    ])
  })

  it('tells a passed phase from dynos that did not come up', async () => {
    const said = await push({ output: ['migrated'], events: ['Release v5 failed: web.1 crashed at boot'], ends: { status: 'failed' } })
    assert.deepEqual(said.slice(3), [
      'Waiting for release.... done.',
      'Verifying deploy... failed: v5 did not go live, and the previous release keeps serving. See `heroku logs`.',
      ' !     Release v5 failed: web.1 crashed at boot.',
    ])
  })

  it('says why when the phase never started', async () => {
    const said = await push({ events: ['Release v5 failed: its slug is gone'], ends: { status: 'failed' } })
    assert.deepEqual(said.slice(2, 4), ['Waiting for release.... failed.', ' !     Release v5 failed: its slug is gone.'])
  })
})
