import assert from 'node:assert/strict'
import { it } from 'node:test'
import { planWebhookRetry } from './plan-webhook-retry.js'

const createdAt = new Date('2026-01-01T00:00:00Z')
const STEP = 15_000
const after = (attempts: number, now: Date) => planWebhookRetry({ level: 'sync', attempts, createdAt, now, stepMs: STEP })

it('retries a sync delivery after 15 s, 1, 5 and 15 min, 1, 2, 4 and 8 h, then every 12 h', () => {
  const minutes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((attempts) => (after(attempts, createdAt)!.getTime() - createdAt.getTime()) / 60_000)
  assert.deepEqual(minutes, [0.25, 1, 5, 15, 60, 120, 240, 480, 720, 720])
})

it('gives up once the next attempt would come more than 72 hours after the event', () => {
  const late = new Date(createdAt.getTime() + 61 * 3_600_000)
  assert.equal(after(12, late), null)
  const earlier = new Date(createdAt.getTime() + 59 * 3_600_000)
  assert.equal(after(12, earlier)?.getTime(), earlier.getTime() + 12 * 3_600_000)
})

it('never retries a notify delivery', () => {
  assert.equal(planWebhookRetry({ level: 'notify', attempts: 1, createdAt, now: createdAt, stepMs: STEP }), null)
})

it('scales with the step, so a test can run the schedule in milliseconds', () => {
  assert.equal(planWebhookRetry({ level: 'sync', attempts: 2, createdAt, now: createdAt, stepMs: 10 })?.getTime(), createdAt.getTime() + 40)
})
