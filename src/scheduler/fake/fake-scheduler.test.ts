import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { waitFor } from '../../../test/support/wait-for.js'
import type { LogLine } from '../../logs/log-sink.js'
import { runSchedulerContract, specFor } from '../scheduler.contract.js'
import type { FakeProgramOf } from './fake-program.js'
import { FakeScheduler } from './fake-scheduler.js'

/** What the contract's fixture apps do (by slug id) and its commands print, as fake programs. */
const fixtures: FakeProgramOf = (spec, env) => {
  if (spec.slugId === 'crash-at-boot') return { lines: ['booting'], exitAtBoot: 1 }
  if (spec.slugId === 'never-binds') return { bootMs: Infinity }
  if (spec.slugId === 'ignores-sigterm') return { onSigterm: { lines: ['ignoring SIGTERM'], exitAfterMs: Infinity } }
  if (spec.command === 'node worker.js') return { lines: [`worker ${env.DYNO} started`] }
  if (spec.command === 'node release.js') {
    return { lines: [`release phase for ${env.HEROKU_RELEASE_VERSION}`, ...(env.FAIL_RELEASE ? ['migration failed'] : [])], exitCode: env.FAIL_RELEASE ? 2 : 0 }
  }
  return { onSigterm: { lines: ['SIGTERM received, finishing in-flight requests'] } }
}

function openFake(program: FakeProgramOf = fixtures) {
  const lines: LogLine[] = []
  const scheduler = new FakeScheduler({ logs: { write: (line) => lines.push(line) }, program, bootTimeoutMs: 300, stopTimeoutMs: 300 })
  return { scheduler, lines }
}

runSchedulerContract('FakeScheduler', async () => {
  const { scheduler, lines } = openFake()
  const inspect = (dynoId: string) => scheduler.inspect(dynoId) ?? { env: {}, startedAt: 0 }
  return {
    scheduler, lines, files: null,
    envOf: async (dyno) => inspect(dyno.id).env,
    startedAt: async (dyno) => inspect(dyno.id).startedAt,
    cleanup: () => scheduler.shutdown(),
  }
})

describe('FakeScheduler on cue', () => {
  it('crashes a running dyno when told to, and restarts it at once', async (t) => {
    const { scheduler, lines } = openFake()
    t.after(() => scheduler.shutdown())
    const spec = specFor('inspector')
    const [dyno] = await scheduler.apply(spec.appId, [spec])
    await scheduler.waitUntilUp(dyno!.id)
    scheduler.crash(dyno!.id, 3)
    assert.equal(scheduler.list(spec.appId)[0]!.state, 'crashed')
    await waitFor(() => scheduler.list(spec.appId)[0]!.state === 'up', { what: 'the restart' })
    assert.ok(lines.some((l) => l.message === 'Process exited with status 3'))
  })

  it('keeps a dyno that exits slowly on SIGTERM listed until it has exited', async (t) => {
    const { scheduler, lines } = openFake(() => ({ onSigterm: { lines: ['finishing'], exitAfterMs: 100 } }))
    t.after(() => scheduler.shutdown())
    const spec = specFor('inspector')
    const [dyno] = await scheduler.apply(spec.appId, [spec])
    await scheduler.waitUntilUp(dyno!.id)
    await scheduler.apply(spec.appId, [])
    assert.equal(scheduler.list(spec.appId).length, 1)
    await waitFor(() => scheduler.list(spec.appId).length === 0, { what: 'the dyno to exit' })
    assert.deepEqual(lines.filter((l) => l.source === 'app').map((l) => l.message), ['finishing'])
    assert.ok(lines.some((l) => l.message === 'State changed from up to down'))
  })

  it('fails a web dyno that binds later than the boot timeout with R10, and times out a task that runs too long', async (t) => {
    const { scheduler } = openFake(() => ({ bootMs: 500, runMs: 500 }))
    t.after(() => scheduler.shutdown())
    const spec = specFor('inspector')
    const [dyno] = await scheduler.apply(spec.appId, [spec])
    await assert.rejects(scheduler.waitUntilUp(dyno!.id), /R10/)
    assert.deepEqual(await scheduler.runTask({ ...spec, name: 'run.1', type: 'run' }, { timeoutMs: 50 }), { exitCode: 137, timedOut: true })
  })
})
