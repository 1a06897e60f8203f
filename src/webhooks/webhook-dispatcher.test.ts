import assert from 'node:assert/strict'
import { it } from 'node:test'
import { waitFor } from '../../test/support/wait-for.js'
import { WebhookDispatcher } from './webhook-dispatcher.js'

it('looks at the queue again after the store failed, without a new event to wake it', async (t) => {
  let claims = 0
  const errors: string[] = []
  const dispatcher = new WebhookDispatcher({
    store: {
      claimWebhookDeliveries: async () => {
        if (++claims === 1) throw new Error('connection reset')
        return []
      },
      recordWebhookAttempt: async () => undefined,
      nextWebhookDueAt: async () => null,
    },
    outbound: { resolve: async () => { throw new Error('no attempt is made here') } },
    retryStepMs: 20, userAgent: 'test', onError: (_error, what) => void errors.push(what),
  })
  t.after(() => dispatcher.stop())
  dispatcher.wake()
  // Deliveries queued before the failure (retries, or those of a restarted server) are due with no event to come.
  await waitFor(() => claims >= 2, { timeoutMs: 2000, what: 'a second look at the queue' })
  assert.deepEqual(errors, ['webhook delivery failed to look for due deliveries'])
})
