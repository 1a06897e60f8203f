import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Release } from '../core/releases/release.js'
import type { LogLine } from '../logs/log-sink.js'
import { RolloutQueue } from './rollout-queue.js'

const release = (appId: string, version: number) => ({ id: `${appId}-v${version}`, appId, version, status: 'pending', current: false }) as Release
const releaseById = (id: string) => release(id.split('-v')[0]!, Number(id.split('-v')[1]))

/** A queue whose rollouts wait until the test ends them; the store records what the queue writes. */
function openQueue(options: { finishFails?: boolean } = {}) {
  const started: string[] = []
  const finishes = new Map<string, { succeed(): void; fail(error: Error): void }>()
  const lines: LogLine[] = []
  const errors: string[] = []
  const queue = new RolloutQueue({
    goLive: (r) => new Promise((resolve, reject) => {
      started.push(r.id)
      finishes.set(r.id, { succeed: () => resolve({ ...r, status: 'succeeded', current: true }), fail: reject })
    }),
    store: {
      finishRelease: async (id, status, opts) => {
        if (options.finishFails) throw new Error('the store is down')
        return { ...releaseById(id), status, current: opts?.current ?? true }
      },
    },
    logs: { write: (line) => lines.push(line) },
    onError: (_error, what) => { errors.push(what) },
  })
  const finish = async (id: string) => {
    while (!finishes.has(id)) await new Promise((resolve) => setImmediate(resolve))
    finishes.get(id)!.succeed()
  }
  return { queue, started, finishes, finish, lines, errors }
}

describe('RolloutQueue', () => {
  it('rolls out one release at a time per app; the newest waiting one wins and the others are superseded', async () => {
    const q = openQueue()
    const v1 = q.queue.submit(release('a', 1))
    const v2 = q.queue.submit(release('a', 2))
    const v3 = q.queue.submit(release('a', 3))
    assert.deepEqual(q.started, ['a-v1'])
    assert.deepEqual(await v2, { ...release('a', 2), status: 'succeeded', current: false })
    assert.deepEqual(q.lines.map((l) => l.message), ['Release v2 was superseded by v3 before it went live'])
    await q.finish('a-v1')
    assert.equal((await v1).status, 'succeeded')
    await q.finish('a-v3')
    assert.deepEqual([(await v3).current, q.started], [true, ['a-v1', 'a-v3']])
  })

  it('rolls out different apps side by side', async () => {
    const q = openQueue()
    const [a, b] = [q.queue.submit(release('a', 1)), q.queue.submit(release('b', 1))]
    assert.deepEqual(q.started, ['a-v1', 'b-v1'])
    await q.finish('b-v1')
    await q.finish('a-v1')
    assert.deepEqual([(await a).status, (await b).status], ['succeeded', 'succeeded'])
  })

  it("rejects the caller of a release whose outcome the store could not record, and goes on with the next", async () => {
    const q = openQueue()
    const v1 = q.queue.submit(release('a', 1))
    const v2 = q.queue.submit(release('a', 2))
    q.finishes.get('a-v1')!.fail(new Error('the store is down'))
    await assert.rejects(v1, /the store is down/)
    await q.finish('a-v2')
    assert.equal((await v2).status, 'succeeded')
    assert.deepEqual(q.errors, [])
  })

  it('rejects the caller of a superseded release when the store cannot record it', async () => {
    const q = openQueue({ finishFails: true })
    const v1 = q.queue.submit(release('a', 1))
    const v2 = q.queue.submit(release('a', 2))
    const v3 = q.queue.submit(release('a', 3))
    await assert.rejects(v2, /the store is down/)
    await q.finish('a-v1')
    await q.finish('a-v3')
    assert.deepEqual([(await v1).status, (await v3).status], ['succeeded', 'succeeded'])
  })
})
