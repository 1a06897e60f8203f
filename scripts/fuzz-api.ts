// npm run fuzz — thousands of malformed requests to every route of a real `berth server`, as a
// member, a stranger and nobody, on SQLite and on PostgreSQL; prints JSON figures and fails on
// any 5xx, timeout, crash or error that escaped to the process guard. BERTH_FUZZ_SEED and BERTH_FUZZ_REQUESTS replay or widen a run.
import { fuzzBerth } from '../test/security/api-fuzz.js'

const runs = []
for (const store of ['sqlite', 'postgres'] as const) {
  runs.push(await fuzzBerth({
    store,
    seed: Number(process.env.BERTH_FUZZ_SEED ?? 13),
    requests: Number(process.env.BERTH_FUZZ_REQUESTS ?? 3000),
    concurrency: 8,
    deadlineMs: 45_000,
  }))
}
process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`)
process.exitCode = runs.every((r) => r.server_errors + r.timeouts + r.crashes + r.escaped_errors === 0) ? 0 : 1
