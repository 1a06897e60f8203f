import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fuzzBerth } from './api-fuzz.js'

// A slice of `npm run fuzz` (3,000 requests per store there): malformed requests to every
// route of a real `berth server`, as a member, a stranger and nobody. Seeded, so a failure
// names requests that replay with BERTH_FUZZ_SEED.
describe('fuzzing the API of a real berth server', () => {
  const seed = Number(process.env.BERTH_FUZZ_SEED ?? 13)
  for (const [store, requests] of [['sqlite', 1000], ['postgres', 500]] as const) {
    it(`answers ${requests} malformed requests without a 5xx, a hang or a crash (${store})`, async () => {
      const figures = await fuzzBerth({ store, seed, requests, concurrency: 8, deadlineMs: 30_000 })
      const report = JSON.stringify(figures, null, 2)
      assert.equal(figures.requests, requests, report)
      assert.deepEqual([figures.server_errors, figures.timeouts, figures.crashes, figures.escaped_errors], [0, 0, 0, 0], report)
    })
  }
})
